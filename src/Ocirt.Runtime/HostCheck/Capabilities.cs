using System.Globalization;

namespace Ocirt.Runtime.HostCheck;

/// <summary>Capability masks from /proc/self/status (CapBnd, CapEff) turned into names, and what a missing one breaks.</summary>
public static class Capabilities
{
    public const int SysAdmin = 21;
    public const int SysResource = 24;

    private static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>"CAP_SYS_ADMIN", or "cap_41" for a number this table doesn't know.</summary>
    public static string Name(int bit) => bit >= 0 && bit < Names.Length ? Names[bit] : $"cap_{bit}";

    /// <summary>Parses a hex mask as printed in /proc/self/status ("000001fffeffffff"); null when malformed.</summary>
    public static ulong? ParseMask(string hex) =>
        ulong.TryParse(hex.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong v) ? v : null;

    public static bool Has(ulong mask, int bit) => (mask & (1UL << bit)) != 0;

    /// <summary>The capabilities 0..lastCap whose bit is clear in the mask, by number.</summary>
    public static int[] Missing(ulong mask, int lastCap) =>
        Enumerable.Range(0, Math.Min(lastCap, 63) + 1).Where(b => !Has(mask, b)).ToArray();

    /// <summary>What a container can't do when the runtime's bounding set lacks the capability (null: nothing ocirt relies on).</summary>
    public static string? Consequence(int bit) => bit switch
    {
        SysResource => "raising hard rlimits (process.rlimits above the current hard limit) fails with EPERM",
        SysAdmin => "mounts, namespaces and cgroups cannot be set up",
        0 or 3 or 1 => "rootfs files owned by other users cannot be prepared",
        6 or 7 => "the container's user and groups cannot be set",
        8 => "capabilities cannot be dropped from the container's bounding set",
        18 => "pivot_root/chroot into the rootfs fails",
        27 => "device nodes in /dev cannot be created (bind mounts are used instead)",
        12 => "network namespace setup (lo up) fails",
        19 => "hooks or tools that ptrace the container fail",
        39 => "the cgroup v2 device filter (eBPF) cannot be loaded",
        _ => null,
    };
}
