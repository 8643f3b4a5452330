using System.Globalization;
using System.Text.RegularExpressions;

namespace Ocirt.Cli.Parsing;

/// <summary>docker/go-units RAMInBytes, which runc update uses for --memory*: "512m", "1.5g", "1024", binary units.</summary>
public static partial class RamInBytes
{
    [GeneratedRegex(@"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex Size();

    public static long Parse(string s)
    {
        var m = Size().Match(s);
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double size))
            throw new FormatException($"invalid size: '{s}'");
        size *= m.Groups[3].Value.ToLowerInvariant() switch
        {
            "k" => 1L << 10, "m" => 1L << 20, "g" => 1L << 30, "t" => 1L << 40, "p" => 1L << 50, _ => 1,
        };
        return (long)size;
    }
}
