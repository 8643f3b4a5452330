using System.Globalization;
using System.Text;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// The part of GLib's GVariant text format that unit property annotations use: true/false, 'strings' or
/// "strings", numbers (bare: int32, or with a type keyword such as "uint64 123"), and arrays of those
/// ("['a', 'b']", "@as []"). Anything else is a FormatException saying what was not understood.
/// </summary>
public static class GVariantText
{
    private static readonly Dictionary<string, char> IntKeywords = new()
    {
        ["byte"] = 'y', ["int16"] = 'n', ["uint16"] = 'q', ["int32"] = 'i', ["uint32"] = 'u',
        ["int64"] = 'x', ["uint64"] = 't',
    };

    public static UnitValue Parse(string text)
    {
        string t = text.Trim();
        if (t.Length == 0) throw new FormatException("empty value");
        if (t.StartsWith("@as ")) return EmptyOrStrings(t[4..].Trim());
        if (t.StartsWith("@au ")) return UInts(t[4..].Trim());
        if (t.StartsWith('[')) return Array(t);
        int space = t.IndexOf(' ');
        if (space > 0)
        {
            string keyword = t[..space], rest = t[(space + 1)..].Trim();
            if (IntKeywords.TryGetValue(keyword, out char type)) return Integer(rest, type);
            if (keyword == "boolean") return Parse(rest) is UnitValue.Bool b ? b : throw new FormatException($"not a boolean: {rest}");
            if (keyword == "double") return Double(rest);
            if (keyword == "string") return Parse(rest) is UnitValue.Str s ? s : throw new FormatException($"not a string: {rest}");
        }
        if (t is "true" or "false") return new UnitValue.Bool(t == "true");
        if (t[0] is '\'' or '"') return new UnitValue.Str(QuotedString(t));
        if (t.Contains('.') || t.Contains('e') || t.Contains('E')) return Double(t);
        return Integer(t, 'i');
    }

    private static UnitValue Array(string t)
    {
        if (!t.EndsWith(']')) throw new FormatException($"unterminated array: {t}");
        var items = SplitItems(t[1..^1]);
        if (items.Count == 0) throw new FormatException("an empty array needs a type: @as []");
        var values = items.Select(Parse).ToList();
        if (values.All(v => v is UnitValue.Str)) return new UnitValue.StrArray([.. values.Select(v => ((UnitValue.Str)v).Value)]);
        if (values.All(v => v is UnitValue.Int { Type: 'u' })) return new UnitValue.UInt32Array([.. values.Select(v => (uint)((UnitValue.Int)v).Value)]);
        throw new FormatException($"only arrays of strings or uint32 are supported: {t}");
    }

    private static UnitValue EmptyOrStrings(string t) =>
        t == "[]" ? new UnitValue.StrArray([]) : Array(t) as UnitValue.StrArray ?? throw new FormatException($"not an array of strings: {t}");

    private static UnitValue UInts(string t)
    {
        if (t == "[]") return new UnitValue.UInt32Array([]);
        if (!t.StartsWith('[') || !t.EndsWith(']')) throw new FormatException($"not an array: {t}");
        return new UnitValue.UInt32Array([.. SplitItems(t[1..^1]).Select(i => (uint)((UnitValue.Int)Integer(i, 'u')).Value)]);
    }

    /// <summary>Top-level comma-separated items, commas inside quotes kept.</summary>
    private static List<string> SplitItems(string inner)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (quote != '\0')
            {
                current.Append(c);
                if (c == '\\' && i + 1 < inner.Length) current.Append(inner[++i]);
                else if (c == quote) quote = '\0';
            }
            else if (c is '\'' or '"') { quote = c; current.Append(c); }
            else if (c == ',') { items.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        if (quote != '\0') throw new FormatException("unterminated string");
        if (current.ToString().Trim() is { Length: > 0 } last) items.Add(last);
        else if (items.Count > 0) throw new FormatException("trailing comma");
        return items;
    }

    private static string QuotedString(string t)
    {
        char quote = t[0];
        if (t.Length < 2 || t[^1] != quote) throw new FormatException($"unterminated string: {t}");
        var b = new StringBuilder();
        for (int i = 1; i < t.Length - 1; i++)
        {
            char c = t[i];
            if (c == '\\' && i + 1 < t.Length - 1) { b.Append(t[++i]); continue; }
            if (c == quote) throw new FormatException($"unexpected {quote} inside {t}");
            b.Append(c);
        }
        return b.ToString();
    }

    private static UnitValue Integer(string s, char type)
    {
        if (!Int128.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out Int128 v))
            throw new FormatException($"not a number: {s}");
        (Int128 min, Int128 max) = type switch
        {
            'y' => ((Int128)byte.MinValue, (Int128)byte.MaxValue),
            'n' => (short.MinValue, short.MaxValue),
            'q' => (ushort.MinValue, ushort.MaxValue),
            'i' => (int.MinValue, int.MaxValue),
            'u' => (uint.MinValue, uint.MaxValue),
            'x' => (long.MinValue, long.MaxValue),
            _ => (ulong.MinValue, ulong.MaxValue),
        };
        if (v < min || v > max) throw new FormatException($"{s} is out of range for type '{type}'");
        return new UnitValue.Int(type, v);
    }

    private static UnitValue Double(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? new UnitValue.Double(d)
            : throw new FormatException($"not a number: {s}");
}
