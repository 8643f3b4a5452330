using Ocirt.Runtime.Interop;
using Ocirt.Spec.Names;

namespace Ocirt.Runtime.Seccomp;

/// <summary>What `features` says about seccomp: the names ocirt handles and what this kernel and libseccomp offer.</summary>
public static unsafe class SeccompSupport
{
    public static IReadOnlyList<string> Actions => SeccompTable.Actions;
    public static IReadOnlyList<string> Operators => SeccompTable.Operators;
    /// <summary>The spec's architectures this libseccomp knows (2.5.4 predates loongarch64, m68k, sh).</summary>
    public static IReadOnlyList<string> Architectures =>
        SeccompTable.Architectures.Where(a => LibSeccomp.ArchResolveName(SeccompNumbers.ArchitectureName(a)) != 0).ToList();
    public static IReadOnlyList<string> KnownFlags => SeccompTable.Flags;

    /// <summary>
    /// Flags the kernel accepts: seccomp(SET_MODE_FILTER, flag, NULL) fails with EFAULT (bad program)
    /// when it knows the flag and EINVAL when not; nothing is installed either way.
    /// </summary>
    public static IReadOnlyList<string> SupportedFlags()
    {
        var supported = new List<string>();
        foreach (string name in KnownFlags)
        {
            uint flag = SeccompNumbers.Flags([name], notify: true) & ~SeccompNumbers.FlagNewListener;
            if (name == "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") flag |= SeccompNumbers.FlagNewListener;
            long r = Libc.Syscall(SysSeccomp, 1 /* SECCOMP_SET_MODE_FILTER */, flag, 0, 0, 0);
            if (r < 0 && Errno.Last == Errno.EFAULT) supported.Add(name);
        }
        return supported;
    }

    private const long SysSeccomp = 317;

    /// <summary>"2.5.4", or null when libseccomp.so.2 cannot be loaded.</summary>
    public static string? LibraryVersion()
    {
        try
        {
            var v = LibSeccomp.GetVersion();
            return v == null ? null : $"{v->Major}.{v->Minor}.{v->Micro}";
        }
        catch (DllNotFoundException) { return null; }
        catch (EntryPointNotFoundException) { return null; }
    }
}
