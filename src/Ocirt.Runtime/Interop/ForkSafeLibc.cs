using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Interop;

/// <summary>
/// The only libc entry points the forked child may call. SuppressGCTransition: the calling thread
/// never changes GC mode; no SetLastError: no thread-local bookkeeping. Errors come back as -errno
/// through <see cref="Errno"/>. Bound at link time (DirectPInvoke), so no lazy symbol lookup.
/// </summary>
internal static unsafe partial class ForkSafeLibc
{
    private const string L = "libc";

    [LibraryImport(L, EntryPoint = "fork"), SuppressGCTransition]
    public static partial int Fork();

    /// <summary>glibc's English description of an errno (a pointer into a static table: no locale, no allocation), or null.</summary>
    [LibraryImport(L, EntryPoint = "strerrordesc_np"), SuppressGCTransition]
    public static partial byte* StrerrorDesc(int errnum);

    [LibraryImport(L, EntryPoint = "syscall"), SuppressGCTransition]
    public static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5);

    [LibraryImport(L, EntryPoint = "setns"), SuppressGCTransition]
    public static partial int Setns(int fd, int nstype);

    [LibraryImport(L, EntryPoint = "unshare"), SuppressGCTransition]
    public static partial int Unshare(int flags);

    [LibraryImport(L, EntryPoint = "read"), SuppressGCTransition]
    public static partial nint Read(int fd, void* buf, nuint count);

    [LibraryImport(L, EntryPoint = "write"), SuppressGCTransition]
    public static partial nint Write(int fd, void* buf, nuint count);

    [LibraryImport(L, EntryPoint = "open"), SuppressGCTransition]
    public static partial int Open(byte* path, int flags, uint mode);

    [LibraryImport(L, EntryPoint = "close"), SuppressGCTransition]
    public static partial int Close(int fd);

    [LibraryImport(L, EntryPoint = "setresuid"), SuppressGCTransition]
    public static partial int Setresuid(uint r, uint e, uint s);

    [LibraryImport(L, EntryPoint = "setresgid"), SuppressGCTransition]
    public static partial int Setresgid(uint r, uint e, uint s);

    [LibraryImport(L, EntryPoint = "setgroups"), SuppressGCTransition]
    public static partial int Setgroups(nuint size, uint* list);

    [LibraryImport(L, EntryPoint = "prctl"), SuppressGCTransition]
    public static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport(L, EntryPoint = "execve"), SuppressGCTransition]
    public static partial int Execve(byte* path, byte** argv, byte** envp);

    [LibraryImport(L, EntryPoint = "sendmsg"), SuppressGCTransition]
    public static partial nint Sendmsg(int fd, void* msg, int flags);

    [LibraryImport(L, EntryPoint = "setsid"), SuppressGCTransition]
    public static partial int Setsid();

    [LibraryImport(L, EntryPoint = "dup2"), SuppressGCTransition]
    public static partial int Dup2(int oldfd, int newfd);

    [LibraryImport(L, EntryPoint = "ioctl"), SuppressGCTransition]
    public static partial int Ioctl(int fd, ulong request, long arg);

    /// <summary>rlim points at {soft, hard}.</summary>
    [LibraryImport(L, EntryPoint = "setrlimit"), SuppressGCTransition]
    public static partial int Setrlimit(int resource, ulong* rlim);

    [LibraryImport(L, EntryPoint = "chdir"), SuppressGCTransition]
    public static partial int Chdir(byte* path);

    [LibraryImport(L, EntryPoint = "umask"), SuppressGCTransition]
    public static partial uint Umask(uint mask);

    [LibraryImport(L, EntryPoint = "__errno_location"), SuppressGCTransition]
    public static partial int* ErrnoLocation();

    [LibraryImport(L, EntryPoint = "_exit"), SuppressGCTransition]
    public static partial void Exit(int status);

    // set*id as raw syscalls in the child: the glibc wrappers broadcast to every thread glibc knows
    // of, and a child made by a raw clone3 (CloneIntoCgroup) still lists the parent's threads.
    public const long SYS_setgroups = 116;
    public const long SYS_setresuid = 117;
    public const long SYS_setresgid = 119;
    public const long SYS_clone = 56;
    public const long SYS_capget = 125;
    public const long SYS_getcwd = 79;
    public const long SYS_execveat = 322;
    public const long SYS_seccomp = 317;
}
