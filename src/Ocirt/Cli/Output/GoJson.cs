using System.Globalization;
using System.Text;

namespace Ocirt.Cli.Output;

/// <summary>JSON text the way Go's encoding/json writes it (escapes &lt; &gt; &amp; and U+2028/9), for byte-identical output.</summary>
public static class GoJson
{
    public static string String(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default:
                    if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }
}

/// <summary>Go's time formats: RFC3339Nano (trailing zeros of the fraction trimmed) and RFC3339.</summary>
public static class GoTime
{
    public static string Rfc3339Nano(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        string frac = (u.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return u.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "") + "Z";
    }

    public static string Rfc3339(DateTimeOffset t)
    {
        if (t.Offset == TimeSpan.Zero) return t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
