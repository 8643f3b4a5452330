namespace Ocirt.Cli.Commands;

/// <summary>kill's signal argument: a number, or a name with or without SIG, any case (runc's parseSignal).</summary>
public static class SignalNames
{
    private static readonly Dictionary<string, int> Signals = new()
    {
        ["ABRT"] = 6, ["ALRM"] = 14, ["BUS"] = 7, ["CHLD"] = 17, ["CLD"] = 17, ["CONT"] = 18, ["FPE"] = 8, ["HUP"] = 1,
        ["ILL"] = 4, ["INT"] = 2, ["IO"] = 29, ["IOT"] = 6, ["KILL"] = 9, ["PIPE"] = 13, ["POLL"] = 29, ["PROF"] = 27,
        ["PWR"] = 30, ["QUIT"] = 3, ["SEGV"] = 11, ["STKFLT"] = 16, ["STOP"] = 19, ["SYS"] = 31, ["TERM"] = 15,
        ["TRAP"] = 5, ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23, ["USR1"] = 10, ["USR2"] = 12,
        ["VTALRM"] = 26, ["WINCH"] = 28, ["XCPU"] = 24, ["XFSZ"] = 25,
    };

    public static int Parse(string text)
    {
        if (int.TryParse(text, out int n))
        {
            if (n <= 0 || n > 64) throw new Parsing.UsageException($"invalid signal: {text}");
            return n;
        }
        string name = text.ToUpperInvariant();
        if (name.StartsWith("SIG")) name = name[3..];
        if (name.StartsWith("RTMIN") || name.StartsWith("RTMAX"))
        {
            int rtmin = 34, rtmax = 64;
            string rest = name[5..];
            int offset = rest.Length == 0 ? 0 : int.TryParse(rest, out int o) ? o : int.MaxValue;
            int sig = name.StartsWith("RTMIN") ? rtmin + offset : rtmax + offset;
            if (sig >= rtmin && sig <= rtmax) return sig;
        }
        return Signals.TryGetValue(name, out int s) ? s : throw new Parsing.UsageException($"unknown signal \"{text}\"");
    }
}
