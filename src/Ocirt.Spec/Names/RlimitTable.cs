namespace Ocirt.Spec.Names;

/// <summary>RLIMIT_* names and resource numbers for x86_64 Linux (asm-generic/resource.h).</summary>
public static class RlimitTable
{
    /// <summary>Indexed by resource number.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    private static readonly Dictionary<string, int> ByName = All.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);

    /// <summary>The resource number for setrlimit/prlimit, or -1 if unknown.</summary>
    public static int Number(string name) => ByName.TryGetValue(name, out int n) ? n : -1;

    public static bool IsKnown(string name) => ByName.ContainsKey(name);
}
