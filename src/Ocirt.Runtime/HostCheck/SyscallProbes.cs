using System.Runtime.InteropServices;

namespace Ocirt.Runtime.HostCheck;

/// <summary>The result of calling a syscall with harmless arguments: present unless the kernel says ENOSYS.</summary>
public readonly record struct SyscallProbe(bool Present, long Result, int Errno)
{
    /// <summary>"returns EINVAL" / "returns 0" — what the probe saw.</summary>
    public string Describe() => Result < 0 ? $"returns {ErrnoName(Errno)}" : $"returns {Result}";

    public static string ErrnoName(int e) => e switch
    {
        1 => "EPERM", 2 => "ENOENT", 3 => "ESRCH", 9 => "EBADF", 13 => "EACCES", 14 => "EFAULT", 17 => "EEXIST", 20 => "ENOTDIR",
        22 => "EINVAL", 28 => "ENOSPC", 30 => "EROFS", 38 => "ENOSYS", 95 => "EOPNOTSUPP", 122 => "EDQUOT",
        _ => $"errno {e}",
    };
}

/// <summary>Probes for the newer syscalls, each called so that it can't do anything (bad fd, size 0, own pid).</summary>
public static class SyscallProbes
{
    private static SyscallProbe Probe(long nr, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0)
    {
        long r = Native.Syscall(nr, a1, a2, a3, a4, a5);
        int errno = r < 0 ? Marshal.GetLastSystemError() : 0;
        return new SyscallProbe(!(r < 0 && errno == Native.ENOSYS), r, errno);
    }

    /// <summary>mount_setattr(-1, NULL, 0, NULL, 0): EBADF/EINVAL/EFAULT when the syscall exists.</summary>
    public static SyscallProbe MountSetattr() => Probe(Native.SYS_mount_setattr, -1, 0, 0, 0, 0);

    /// <summary>clone3(NULL, 0): EINVAL (size below CLONE_ARGS_SIZE_VER0) when the syscall exists; never forks.</summary>
    public static SyscallProbe Clone3() => Probe(Native.SYS_clone3, 0, 0);

    /// <summary>pidfd_open(getpid(), 0): a pidfd (closed again) when the syscall exists.</summary>
    public static SyscallProbe PidfdOpen()
    {
        var p = Probe(Native.SYS_pidfd_open, Native.Getpid(), 0);
        if (p.Result >= 0) Native.Close((int)p.Result);
        return p;
    }

    /// <summary>prctl(PR_GET_SECCOMP): the caller's seccomp mode (0, 1 or 2), or -1 with EINVAL when seccomp is not built in.</summary>
    public static (int Mode, int Errno) SeccompMode()
    {
        int r = Native.Prctl(Native.PR_GET_SECCOMP, 0, 0, 0, 0);
        return (r, r < 0 ? Marshal.GetLastSystemError() : 0);
    }

    public static uint EffectiveUid() => Native.Geteuid();
}
