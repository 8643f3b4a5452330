using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// CVE-2019-5736: the init runs ocirt's own binary inside the container, so /proc/&lt;init&gt;/exe
/// (and /proc/self/exe for a "#!/proc/self/exe" entrypoint) reaches the host's file. The init is
/// therefore executed from a private, detached, read-only bind mount of that file (open_tree clone +
/// MOUNT_ATTR_RDONLY, then execveat on the fd): writing through any of those paths gets EROFS.
/// Nothing is copied and no mount is visible anywhere.
/// </summary>
public static unsafe class SealedExecutable
{
    private const long SysOpenTree = 428, SysMountSetattr = 442;
    private const int OpenTreeClone = 1, OpenTreeCloexec = 0x80000 /* O_CLOEXEC */, AtEmptyPath = 0x1000, AtFdCwd = -100;
    private const ulong MountAttrRdonly = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr { public ulong AttrSet, AttrClr, Propagation, UsernsFd; }

    /// <summary>"/proc/self/exe" as a NUL-terminated literal (read-only data: the pointer stays valid).</summary>
    private static byte* ProcSelfExe()
    {
        fixed (byte* p = "/proc/self/exe\0"u8) return p;
    }

    /// <summary>An O_PATH-like fd of our binary on a read-only detached mount, or -1 when the kernel cannot (then /proc/self/exe is used).</summary>
    public static int Open()
    {
        byte* path = ProcSelfExe();
        int fd = (int)Libc.Syscall(SysOpenTree, AtFdCwd, (long)path, OpenTreeClone | OpenTreeCloexec, 0, 0);
        if (fd < 0) return -1;
        byte empty = 0;
        var attr = new MountAttr { AttrSet = MountAttrRdonly };
        if (Libc.Syscall(SysMountSetattr, fd, (long)&empty, AtEmptyPath, (long)&attr, sizeof(MountAttr)) != 0)
        {
            Libc.Close(fd);
            return -1;
        }
        return fd;
    }

    /// <summary>
    /// True when our own binary cannot be written through /proc/self/exe: it lies on a read-only mount
    /// (e.g. `mount --bind -o ro /usr/bin/ocirt /usr/bin/ocirt`, as runc's memfd-bind) or is immutable. Then a container
    /// process that reaches it (a "#!/proc/self/exe" entrypoint exec'd by an init that is a fork of
    /// ocirt, or /proc/&lt;init&gt;/exe) gets EROFS, and the init need not be re-executed from the sealed copy.
    /// </summary>
    public static bool IsProtected()
    {
        if (s_protected is bool known) return known;
        byte* path = ProcSelfExe();
        byte* buf = stackalloc byte[120];
        bool ro = Libc.Syscall(137 /* statfs */, (long)path, (long)buf, 0, 0, 0) == 0 && (*(ulong*)(buf + 80) & 1 /* ST_RDONLY */) != 0;
        s_protected = ro || IsImmutable(path);
        return s_protected.Value;
    }

    /// <summary>
    /// `chattr +i`: nobody opens an immutable file for writing, root included (clearing the flag needs
    /// CAP_LINUX_IMMUTABLE, which containers do not get): as protective as a read-only mount, and it
    /// survives a reboot. FS_IOC_GETFLAGS on an O_PATH fd is refused, so the file is opened for reading.
    /// </summary>
    private static bool IsImmutable(byte* path)
    {
        int fd = (int)Libc.Syscall(257 /* openat */, AtFdCwd, (long)path, 0x80000 /* O_RDONLY|O_CLOEXEC */, 0, 0);
        if (fd < 0) return false;
        int flags = 0;
        bool immutable = Libc.Syscall(16 /* ioctl */, fd, 0x80086601 /* FS_IOC_GETFLAGS */, (long)&flags, 0, 0) == 0 && (flags & 0x10 /* FS_IMMUTABLE_FL */) != 0;
        Libc.Close(fd);
        return immutable;
    }

    private static bool? s_protected;

    public const string SealedVariable = "_OCIRT_SEALED";

    /// <summary>
    /// create, run and exec fork processes that end up running inside the container; if our binary is
    /// writable, first re-execute ourselves from the read-only detached mount (as crun runs from its sealed
    /// copy), so that every such fork's /proc/self/exe is read-only. Costs one start of the binary; none
    /// when the binary is already on a read-only mount. Returns only when that is not possible (old kernel):
    /// then the init is re-executed from the sealed copy instead, and exec stays as it was.
    /// </summary>
    public static void ReexecIfWritable(string[] argv)
    {
        if (IsProtected() || Environment.GetEnvironmentVariable(SealedVariable) != null) return;
        int fd = Open();
        if (fd < 0) return;
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) env.Add($"{e.Key}={e.Value}");
        env.Add(SealedVariable + "=1");
        using var native = new NativeStrings();
        byte empty = 0;
        Libc.Syscall(322 /* execveat */, fd, (long)&empty, (long)native.Array(["ocirt", .. argv]), (long)native.Array(env), AtEmptyPath);
        Libc.Close(fd); // still here: carry on unsealed
    }
}
