using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Interop;

/// <summary>The new mount API (open_tree, mount_setattr, move_mount): recursive attributes and id-mapped mounts.</summary>
internal static unsafe class MountApi
{
    public const long SysOpenTree = 428, SysMoveMount = 429, SysMountSetattr = 442;
    public const int AtFdCwd = -100, AtSymlinkNofollow = 0x100, AtEmptyPath = 0x1000, AtRecursive = 0x8000;
    public const int OpenTreeClone = 1, OpenTreeCloexec = 0x80000;
    public const int MoveMountFEmptyPath = 0x4;

    public const ulong AttrRdonly = 0x1, AttrNosuid = 0x2, AttrNodev = 0x4, AttrNoexec = 0x8,
        AttrAtimeMask = 0x70, AttrRelatime = 0x0, AttrNoatime = 0x10, AttrStrictatime = 0x20,
        AttrNodiratime = 0x80, AttrIdmap = 0x100000, AttrNosymfollow = 0x200000;

    [StructLayout(LayoutKind.Sequential)]
    public struct MountAttr { public ulong AttrSet, AttrClr, Propagation, UsernsFd; }

    /// <summary>mount_setattr on a path (or, with AT_EMPTY_PATH, on dirfd itself); returns 0 or -1 with errno.</summary>
    public static int SetAttr(int dirfd, string path, int flags, MountAttr attr)
    {
        byte[] p = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pp = p)
            return (int)Libc.Syscall(SysMountSetattr, dirfd, (long)pp, flags, (long)&attr, sizeof(MountAttr));
    }

    /// <summary>A detached copy of the mount tree at path (open_tree with OPEN_TREE_CLONE).</summary>
    public static int CloneTree(string path, bool recursive)
    {
        byte[] p = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pp = p)
            return (int)Libc.Syscall(SysOpenTree, AtFdCwd, (long)pp, OpenTreeClone | OpenTreeCloexec | (recursive ? AtRecursive : 0), 0, 0);
    }

    /// <summary>Attaches a detached mount (fd) at target.</summary>
    public static int Move(int fd, string target)
    {
        byte[] t = System.Text.Encoding.UTF8.GetBytes(target + "\0");
        byte empty = 0;
        fixed (byte* tp = t)
            return (int)Libc.Syscall(SysMoveMount, fd, (long)&empty, AtFdCwd, (long)tp, MoveMountFEmptyPath);
    }
}
