using System.Runtime.InteropServices;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Interop;

/// <summary>A failed system call, worded like Go's errors: "mount proc to /proc: operation not permitted".</summary>
public sealed class SyscallException(string operation, int errno)
    : OcirtException($"{operation}: {Interop.Errno.Text(errno)}")
{
    public int Number { get; } = errno;
}

public static class Errno
{
    public const int EPERM = 1, ENOENT = 2, EIO = 5, ESRCH = 3, EINTR = 4, EAGAIN = 11, EACCES = 13, EBUSY = 16,
        EFAULT = 14, EEXIST = 17, ENOTDIR = 20, EINVAL = 22, ENOSYS = 38, ELOOP = 40;

    /// <summary>strerror text, lower-cased like Go's syscall.Errno.Error().</summary>
    public static string Text(int errno)
    {
        string s = Marshal.GetPInvokeErrorMessage(errno);
        return s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : $"errno {errno}";
    }

    /// <summary>Throws SyscallException when a libc call returned -1.</summary>
    public static int Check(int result, string operation)
    {
        if (result == -1) throw new SyscallException(operation, Marshal.GetLastPInvokeError());
        return result;
    }

    public static long Check(long result, string operation)
    {
        if (result == -1) throw new SyscallException(operation, Marshal.GetLastPInvokeError());
        return result;
    }

    public static int Last => Marshal.GetLastPInvokeError();
}
