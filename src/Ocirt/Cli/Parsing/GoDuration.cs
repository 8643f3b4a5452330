using System.Globalization;
using System.Text.RegularExpressions;

namespace Ocirt.Cli.Parsing;

/// <summary>Go's time.ParseDuration, which urfave/cli uses for duration flags: "5s", "100ms", "1m30s", "1.5h", "300us".</summary>
public static partial class GoDuration
{
    [GeneratedRegex(@"^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex Part();

    public static TimeSpan Parse(string text)
    {
        string s = text;
        int sign = 1;
        if (s.StartsWith('-') || s.StartsWith('+')) { sign = s[0] == '-' ? -1 : 1; s = s[1..]; }
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) throw new FormatException($"time: invalid duration \"{text}\"");
        double ticks = 0;
        while (s.Length > 0)
        {
            var m = Part().Match(s);
            if (!m.Success || m.Groups[1].Value is "" or "." ||
                !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
                throw new FormatException($"time: invalid duration \"{text}\"");
            ticks += n * m.Groups[2].Value switch
            {
                "ns" => 0.01, "us" or "µs" or "μs" => 10, "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond, "m" => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerHour,
            };
            s = s[m.Length..];
        }
        return TimeSpan.FromTicks((long)(sign * ticks));
    }
}
