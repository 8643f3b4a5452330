using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Interop;

/// <summary>st_uid of a path (statx), which .NET does not expose.</summary>
internal static unsafe partial class FileOwner
{
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buf);

    public static uint Uid(string path)
    {
        byte* buf = stackalloc byte[256];
        const int AT_FDCWD = -100;
        if (Statx(AT_FDCWD, path, 0, 0x8 /* STATX_UID */, buf) != 0) return 0;
        return *(uint*)(buf + 20); // struct statx: mask(4) blksize(4) attributes(8) nlink(4) uid(4)
    }

    /// <summary>Gives target (never followed) the owner of source (never followed); best effort.</summary>
    public static void CopyOwner(string source, string target)
    {
        byte* buf = stackalloc byte[256];
        const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
        if (Statx(AT_FDCWD, source, AT_SYMLINK_NOFOLLOW, 0x8 | 0x10 /* STATX_UID | STATX_GID */, buf) != 0) return;
        Libc.Lchown(target, *(uint*)(buf + 20), *(uint*)(buf + 24));
    }
}
