namespace Ocirt.Spec.Names;

/// <summary>CAP_* names and numbers (linux/capability.h, 0..40), for validation and for applying capabilities.</summary>
public static class CapabilityTable
{
    /// <summary>Indexed by capability number.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    public static int Last => All.Count - 1;

    private static readonly Dictionary<string, int> ByName = All.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);

    /// <summary>The number of a CAP_* name (exact, upper case as runc requires), or -1.</summary>
    public static int Number(string name) => ByName.TryGetValue(name, out int n) ? n : -1;

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static string Name(int number) => number >= 0 && number < All.Count ? All[number] : $"CAP_{number}";
}
