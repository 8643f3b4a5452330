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

    /// <summary>
    /// An id-mapped bind mount: a detached clone of the source tree gets the user namespace's
    /// mapping (the whole tree with ridmap), then is attached at target.
    /// </summary>
    public static void BindIdMapped(string source, string target, bool recursiveBind, bool recursiveMap, int usernsFd, string what)
    {
        int fd = MountApi.CloneTree(source, recursiveBind);
        if (fd < 0) throw new SyscallException($"open_tree {what}", Errno.Last);
        try
        {
            var attr = new MountApi.MountAttr { AttrSet = MountApi.AttrIdmap, UsernsFd = (ulong)usernsFd };
            if (MountApi.SetAttr(fd, "", MountApi.AtEmptyPath | (recursiveMap ? MountApi.AtRecursive : 0), attr) != 0)
                throw new SyscallException($"id-map (mount_setattr MOUNT_ATTR_IDMAP) {what}", Errno.Last);
            if (MountApi.Move(fd, target) != 0) throw new SyscallException($"move_mount {what}", Errno.Last);
        }
        finally { Libc.Close(fd); }
    }

    /// <summary>mount_setattr(AT_RECURSIVE) on the tree at target: rro, rnosuid, ... (runc's recursive options).</summary>
    public static void SetRecursive(string target, ulong set, ulong clear, string what)
    {
        var attr = new MountApi.MountAttr { AttrSet = set, AttrClr = clear };
        if (MountApi.SetAttr(MountApi.AtFdCwd, target, MountApi.AtRecursive, attr) != 0)
            throw new SyscallException($"mount_setattr {what}", Errno.Last);
    }

    /// <summary>The mount flags of the mount at target, from statvfs(3).</summary>
    public static unsafe ulong CurrentFlags(string target)
    {
        var buf = stackalloc byte[112];
        if (Statvfs(target, buf) != 0) return 0;
        return FromStatFlags(*(ulong*)(buf + 72)); // f_flag on x86_64 glibc (after 8 eight-byte fields and f_fsid)
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static unsafe partial int Statvfs(string path, byte* buf);
}

