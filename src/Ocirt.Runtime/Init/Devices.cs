using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Init;

/// <summary>/dev: the default devices, the configured ones, and the standard symlinks.</summary>
internal static class Devices
{
    public static readonly (string Name, uint Major, uint Minor)[] DefaultNodes =
    [
        ("null", 1, 3), ("zero", 1, 5), ("full", 1, 7), ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0),
    ];

    private const uint S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;
    private const uint Mode0666 = 0x1B6;

    public static void CreateDefaults(string rootfs, bool inUserNs)
    {
        foreach (var (name, major, minor) in DefaultNodes)
            Create(rootfs, "/dev/" + name, S_IFCHR, major, minor, Mode0666, 0, 0, inUserNs);
    }

    public static void CreateConfigured(string rootfs, List<LinuxDevice>? devices, bool inUserNs)
    {
        if (devices == null) return;
        for (int i = 0; i < devices.Count; i++)
        {
            var d = devices[i];
            uint type = d.Type switch
            {
                "c" or "u" => S_IFCHR,
                "b" => S_IFBLK,
                "p" => S_IFIFO,
                _ => throw new OcirtException($"linux.devices[{i}].type: unknown device type \"{d.Type}\""),
            };
            Create(rootfs, d.Path, type, (uint)d.Major, (uint)d.Minor, d.FileMode ?? Mode0666, d.Uid ?? 0, d.Gid ?? 0, inUserNs);
        }
    }

    private static void Create(string rootfs, string path, uint type, uint major, uint minor, uint mode, uint uid, uint gid, bool inUserNs)
    {
        string dest = SecureJoin.Join(rootfs, path);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        if (inUserNs)
        {
            BindHostNode(path, dest);
            return;
        }
        if (Libc.Mknod(dest, type | (mode & 0xFFF), MakeDev(major, minor)) != 0)
        {
            int err = Errno.Last;
            // As runc: a node that already exists is kept (docker --privileged lists the host's
            // /dev/pts/ptmx, which the container's devpts already has), EPERM falls back to a bind.
            if (err == Errno.EEXIST) return;
            if (err == Errno.EPERM) { BindHostNode(path, dest); return; }
            throw new SyscallException($"mknod {path}", err);
        }
        Errno.Check(Libc.Chmod(dest, mode & 0xFFF), $"chmod {path}");
        Errno.Check(Libc.Chown(dest, uid, gid), $"chown {path}");
    }

    /// <summary>mknod is not allowed in a user namespace: bind the host's node instead.</summary>
    private static void BindHostNode(string path, string dest)
    {
        RootfsSetup.CreateTarget(dest, false);
        Mounter.Mount(path, dest, null, MountFlags.MS_BIND, null, $"device {path}");
    }

    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfff) << 8) | (minor & 0xff) | ((ulong)(minor & ~0xffu) << 12) | ((ulong)(major & ~0xfffu) << 32);

    public static readonly (string Link, string Target)[] DefaultSymlinks =
    [
        ("/dev/fd", "/proc/self/fd"), ("/dev/stdin", "/proc/self/fd/0"), ("/dev/stdout", "/proc/self/fd/1"),
        ("/dev/stderr", "/proc/self/fd/2"), ("/dev/ptmx", "pts/ptmx"),
    ];

    public static void CreateSymlinks(string rootfs)
    {
        foreach (var (link, target) in DefaultSymlinks)
        {
            string path = rootfs + link;
            if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget != null) continue;
            Errno.Check(Libc.Symlink(target, path), $"symlink {target} {link}");
        }
    }
}
