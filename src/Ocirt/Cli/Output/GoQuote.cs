using System.Globalization;
using System.Text;

namespace Ocirt.Cli.Output;

/// <summary>
/// Go's strconv.Quote (fmt %q), which logrus' text formatter uses for values that need quoting.
/// Unlike JSON it keeps &lt; &gt; &amp; and printable Unicode as they are.
/// </summary>
public static class GoQuote
{
    public static string Quote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            int v = rune.Value;
            switch (v)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\a': b.Append("\\a"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\v': b.Append("\\v"); break;
                default:
                    if (v < 0x20 || v == 0x7f) b.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
                    // A lone surrogate (invalid UTF-16) comes back as U+FFFD; Go prints invalid bytes as \ufffd too.
                    else if (v == 0xFFFD && !s.Contains('\uFFFD')) b.Append("\\ufffd");
                    else if (IsPrintable(rune)) b.Append(rune.ToString());
                    else if (v < 0x10000) b.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    // Approximates unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune r) => r.Value == ' ' || Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
