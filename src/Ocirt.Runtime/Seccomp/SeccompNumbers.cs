using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// The numbers behind linux.seccomp's names: libseccomp's action and operator values and the
/// kernel's seccomp(2) filter flags. Pure, so every mapping is unit-tested without a kernel.
/// </summary>
public static class SeccompNumbers
{
    public const uint ActKillProcess = 0x80000000;
    public const uint ActKillThread = 0x00000000;
    public const uint ActTrap = 0x00030000;
    public const uint ActErrnoBase = 0x00050000;
    public const uint ActTraceBase = 0x7ff00000;
    public const uint ActLog = 0x7ffc0000;
    public const uint ActAllow = 0x7fff0000;
    public const uint ActNotify = 0x7fc00000;

    public const uint FlagTsync = 1, FlagLog = 2, FlagSpecAllow = 4, FlagNewListener = 8, FlagWaitKillableRecv = 32;

    private const uint EPERM = 1;

    /// <summary>
    /// An action's value; ERRNO and TRACE carry errnoRet, EPERM when unset (runc's rule), in their
    /// low 16 bits.
    /// </summary>
    public static uint Action(string name, uint? errnoRet, string field) => name switch
    {
        "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => ActKillThread,
        "SCMP_ACT_KILL_PROCESS" => ActKillProcess,
        "SCMP_ACT_TRAP" => ActTrap,
        "SCMP_ACT_ERRNO" => ActErrnoBase | ((errnoRet ?? EPERM) & 0xffff),
        "SCMP_ACT_TRACE" => ActTraceBase | ((errnoRet ?? EPERM) & 0xffff),
        "SCMP_ACT_LOG" => ActLog,
        "SCMP_ACT_ALLOW" => ActAllow,
        "SCMP_ACT_NOTIFY" => ActNotify,
        _ => throw new OcirtException($"{field}: unknown seccomp action \"{name}\""),
    };

    /// <summary>libseccomp's enum scmp_compare.</summary>
    public static int Operator(string name, string field) => name switch
    {
        "SCMP_CMP_NE" => 1,
        "SCMP_CMP_LT" => 2,
        "SCMP_CMP_LE" => 3,
        "SCMP_CMP_EQ" => 4,
        "SCMP_CMP_GE" => 5,
        "SCMP_CMP_GT" => 6,
        "SCMP_CMP_MASKED_EQ" => 7,
        _ => throw new OcirtException($"{field}: unknown seccomp operator \"{name}\""),
    };

    /// <summary>libseccomp's architecture name for a spec one: SCMP_ARCH_X86_64 → "x86_64".</summary>
    public static string ArchitectureName(string specName) =>
        specName.StartsWith("SCMP_ARCH_", StringComparison.Ordinal) ? specName["SCMP_ARCH_".Length..].ToLowerInvariant() : specName;

    /// <summary>
    /// seccomp(2) flags. WAIT_KILLABLE_RECV only means something with a listener (the kernel
    /// refuses it alone), so it is kept only when the profile notifies.
    /// </summary>
    public static uint Flags(IReadOnlyList<string>? names, bool notify)
    {
        uint flags = notify ? FlagNewListener : 0;
        for (int i = 0; i < (names?.Count ?? 0); i++)
        {
            flags |= names![i] switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => FlagTsync,
                "SECCOMP_FILTER_FLAG_LOG" => FlagLog,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => FlagSpecAllow,
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => notify ? FlagWaitKillableRecv : 0,
                _ => throw new OcirtException($"linux.seccomp.flags[{i}]: unknown flag \"{names[i]}\""),
            };
        }
        return flags;
    }

    public static bool UsesNotify(LinuxSeccomp s) => s.Syscalls?.Any(c => c.Action == "SCMP_ACT_NOTIFY") == true;
}
