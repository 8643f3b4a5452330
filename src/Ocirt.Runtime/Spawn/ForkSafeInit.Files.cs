using Ocirt.Runtime.Interop;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Spawn;

/// <summary>FORK-SAFE ZONE (see ForkSafeInit): paths inside the rootfs, mounts, device nodes, pivot_root.</summary>
internal static unsafe partial class ForkSafeInit
{
    private static int Mount(byte* source, byte* target, byte* fstype, ulong flags, byte* data) =>
        Sys(SYS_mount, (long)source, (long)target, (long)fstype, (long)flags, (long)data);

    /// <summary>In a user namespace the kernel refuses to drop locked flags: on EPERM retry keeping what the mount has.</summary>
    private static int Remount(byte* target, ulong flags)
    {
        ulong f = flags | MS_BIND | MS_REMOUNT;
        int err = Mount(null, target, null, f, null);
        if (err != Interop.Errno.EPERM) return err;
        byte* sfs = stackalloc byte[120];
        if (Sys(SYS_statfs, (long)target, (long)sfs, 0, 0, 0) != 0) return err;
        ulong locked = FromStatFlags(*(ulong*)(sfs + 80)); // struct statfs f_flags (ST_* values) on x86_64
        return Mount(null, target, null, f | locked, null);
    }

    /// <summary>The nearest mount point at or above path becomes private (EINVAL: not a mount point, go up).</summary>
    private static int MakeParentPrivate(byte* path)
    {
        byte* p = stackalloc byte[PathMax];
        int n = Copy(p, path, PathMax);
        if (n < 0) return 36 /* ENAMETOOLONG */;
        while (true)
        {
            int err = Mount(null, p, null, MS_PRIVATE, null);
            if (err != Interop.Errno.EINVAL) return err;
            if (n <= 1) return err;
            while (n > 1 && p[n - 1] != '/') n--;
            if (n > 1) n--; // drop the slash, except the root's
            p[n] = 0;
        }
    }

    /// <summary>
    /// rootfs + path, resolving symlinks as if the rootfs were "/" (so a symlink in the image never
    /// points a mount at a host path); ".." stops at the root. Same rules as SecureJoin.
    /// </summary>
    private static int JoinInRoot(byte* root, byte* path, byte* outPath)
    {
        byte* rest = stackalloc byte[PathMax];
        byte* link = stackalloc byte[PathMax];
        int rootLen = Copy(outPath, root, PathMax);
        int restLen = Copy(rest, path, PathMax);
        if (rootLen < 0 || restLen < 0) return 36 /* ENAMETOOLONG */;
        int outLen = rootLen, pos = 0, links = 0;
        while (true)
        {
            while (pos < restLen && rest[pos] == '/') pos++;
            if (pos >= restLen) break;
            int start = pos;
            while (pos < restLen && rest[pos] != '/') pos++;
            int len = pos - start;
            if (len == 1 && rest[start] == '.') continue;
            if (len == 2 && rest[start] == '.' && rest[start + 1] == '.')
            {
                while (outLen > rootLen && outPath[outLen - 1] != '/') outLen--;
                if (outLen > rootLen) outLen--;
                outPath[outLen] = 0;
                continue;
            }
            if (outLen + 1 + len >= PathMax) return 36 /* ENAMETOOLONG */;
            int before = outLen;
            outPath[outLen++] = (byte)'/';
            for (int k = 0; k < len; k++) outPath[outLen++] = rest[start + k];
            outPath[outLen] = 0;
            long n = ForkSafeLibc.Syscall(SYS_readlinkat, AtFdCwd, (long)outPath, (long)link, PathMax - 1, 0);
            if (n < 0) continue; // not a symlink, or not there (yet): taken as is
            if (++links > 255) return 40; // ELOOP
            outLen = link[0] == '/' ? rootLen : before;
            outPath[outLen] = 0;
            // What is left to walk: the link's target, then the rest of the path.
            int remaining = restLen - pos;
            if (n + 1 + remaining >= PathMax) return 36 /* ENAMETOOLONG */;
            link[n] = (byte)'/';
            for (int k = 0; k < remaining; k++) link[n + 1 + k] = rest[pos + k];
            restLen = (int)n + 1 + remaining;
            for (int k = 0; k < restLen; k++) rest[k] = link[k];
            pos = 0;
        }
        outPath[outLen] = 0;
        return 0;
    }

    /// <summary>
    /// mkdir -p (parentOnly: all but the last component). Tries the deepest directory first and walks up
    /// only while a parent is missing, so an existing path costs one syscall. Cuts path in place (restored
    /// before returning): never pass a literal.
    /// </summary>
    private static int MkdirAll(byte* path, int parentOnly)
    {
        int end = Length(path);
        if (parentOnly != 0)
        {
            while (end > 0 && path[end - 1] != '/') end--;
            if (end > 0) end--;
        }
        if (end <= 0) return 0;
        // Walk up from the end until a mkdir works or finds the directory there.
        int at = end;
        while (true)
        {
            int err = MkdirPrefix(path, at);
            if (err == 0 || err == Interop.Errno.EEXIST) break;
            if (err != Interop.Errno.ENOENT) return err;
            do at--; while (at > 0 && path[at] != '/');
            if (at <= 0) return err;
        }
        // Then down again, creating each missing level.
        while (at < end)
        {
            do at++; while (at < end && path[at] != '/');
            int err = MkdirPrefix(path, at);
            if (err != 0 && err != Interop.Errno.EEXIST) return err;
        }
        return 0;
    }

    /// <summary>mkdir of path[..length] (0755).</summary>
    private static int MkdirPrefix(byte* path, int length)
    {
        byte saved = path[length];
        path[length] = 0;
        int err = Sys(SYS_mkdirat, AtFdCwd, (long)path, 0x1ED /* 0755 */, 0, 0);
        path[length] = saved;
        return err;
    }

    /// <summary>A bind mount target for a file: created empty (with its directories) unless something is there. path must be writable (MkdirAll).</summary>
    private static int CreateFile(byte* path)
    {
        byte* st = stackalloc byte[144];
        if (Sys(SYS_newfstatat, AtFdCwd, (long)path, (long)st, 0, 0) == 0) return 0;
        int err = MkdirAll(path, 1);
        if (err != 0) return err;
        int f = ForkSafeLibc.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_CLOEXEC, 0x1ED);
        if (f < 0) return Errno();
        ForkSafeLibc.Close(f);
        return 0;
    }

    private static int Mknod(InitOp* op, byte* target, out int msg)
    {
        msg = op->Msg;
        int err = Sys(SYS_mknodat, AtFdCwd, (long)target, op->Mode, (long)op->Dev, 0);
        // As runc: a node that already exists is kept, EPERM falls back to a bind of the host's node.
        if (err == Interop.Errno.EEXIST) return 0;
        if (err == Interop.Errno.EPERM)
        {
            msg = op->Msg2;
            err = CreateFile(target);
            return err != 0 ? err : Mount(op->A, target, null, MS_BIND, null);
        }
        if (err != 0) return err;
        msg = op->Msg2 + 1;
        err = Sys(SYS_fchmodat, AtFdCwd, (long)target, op->Mode & 0xFFF, 0, 0);
        if (err != 0) return err;
        msg = op->Msg2 + 2;
        return Sys(SYS_fchownat, AtFdCwd, (long)target, op->Uid, op->Gid, 0);
    }

    /// <summary>pivot_root(".", ".") stacks the old root on the new one; it is entered by fd (as runc), made a slave and detached.</summary>
    private static int PivotRoot(InitOp* op, out int msg)
    {
        msg = op->Msg;
        if (ForkSafeLibc.Chdir(op->A) != 0) return Errno();
        msg = op->Msg + 1;
        int oldRoot = ForkSafeLibc.Open(Lit("/\0"u8), OpenFlags.O_DIRECTORY | OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        if (oldRoot < 0) return Errno();
        msg = op->Msg + 2;
        int err = Sys(SYS_pivot_root, (long)Lit(".\0"u8), (long)Lit(".\0"u8), 0, 0, 0);
        if (err == 0)
        {
            msg = op->Msg + 3;
            err = Sys(SYS_fchdir, oldRoot, 0, 0, 0, 0);
        }
        ForkSafeLibc.Close(oldRoot);
        if (err != 0) return err;
        msg = op->Msg + 4;
        err = Mount(null, Lit(".\0"u8), null, MS_SLAVE | MS_REC, null);
        if (err != 0) return err;
        msg = op->Msg + 5;
        err = Sys(SYS_umount2, (long)Lit(".\0"u8), MNT_DETACH, 0, 0, 0);
        if (err != 0) return err;
        msg = op->Msg;
        return ForkSafeLibc.Chdir(Lit("/\0"u8)) != 0 ? Errno() : 0;
    }

    private static int WriteFile(byte* path, byte* value, int length)
    {
        int f = ForkSafeLibc.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, 0);
        if (f < 0) return Errno();
        nint n = ForkSafeLibc.Write(f, value, (nuint)length);
        int err = n == length ? 0 : n < 0 ? Errno() : 5 /* EIO */;
        ForkSafeLibc.Close(f);
        return err;
    }
}
