using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Init;

/// <summary>mount(2) with errors that name what was mounted where.</summary>
internal static partial class Mounter
{
    public static void Mount(string? source, string target, string? fstype, ulong flags, string? data, string what)
    {
        if (Libc.Mount(source, target, fstype, flags, string.IsNullOrEmpty(data) ? null : data) != 0)
            throw new SyscallException($"mount {what}", Errno.Last);
    }

    /// <summary>
    /// Remount a bind mount with new flags. In a user namespace the kernel refuses to drop locked
    /// flags (nosuid, nodev, noexec, atime), so on EPERM retry keeping the flags the mount already has.
    /// </summary>
    public static void Remount(string target, ulong flags, string what)
    {
        ulong f = flags | MS_BIND | MS_REMOUNT;
        if (Libc.Mount(null, target, null, f, null) == 0) return;
        int err = Errno.Last;
        if (err == Errno.EPERM)
        {
            ulong locked = CurrentFlags(target);
            if (Libc.Mount(null, target, null, f | locked, null) == 0) return;
            err = Errno.Last;
        }
        throw new SyscallException($"remount {what}", err);
    }

    /// <summary>The mount flags of the mount at target, from statvfs(3).</summary>
    public static unsafe ulong CurrentFlags(string target)
    {
        var buf = stackalloc byte[112];
        if (Statvfs(target, buf) != 0) return 0;
        ulong st = *(ulong*)(buf + 88); // f_flag on x86_64 glibc
        ulong result = 0;
        if ((st & 1) != 0) result |= MS_RDONLY;
        if ((st & 2) != 0) result |= MS_NOSUID;
        if ((st & 4) != 0) result |= MS_NODEV;
        if ((st & 8) != 0) result |= MS_NOEXEC;
        if ((st & 1024) != 0) result |= MS_NOATIME;
        if ((st & 2048) != 0) result |= MS_NODIRATIME;
        if ((st & 4096) != 0) result |= MS_RELATIME;
        return result;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static unsafe partial int Statvfs(string path, byte* buf);
}

