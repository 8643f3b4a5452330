using System.Runtime.InteropServices;

namespace Ocirt.Runtime.HostCheck;

/// <summary>The few libc calls the host probes need (kept apart from the fork-safe Interop layer).</summary>
internal static unsafe partial class Native
{
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    internal static partial int Prctl(int option, nuint a2, nuint a3, nuint a4, nuint a5);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getpid")]
    internal static partial int Getpid();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rmdir(string path);

    public const long SYS_pidfd_open = 434;
    public const long SYS_clone3 = 435;
    public const long SYS_mount_setattr = 442;
    public const int PR_GET_SECCOMP = 21;
    public const int ENOSYS = 38;
}
