using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using static Ocirt.Runtime.Interop.MountFlags;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Init;

/// <summary>Builds the container's filesystem inside its mount namespace, then switches root to it.</summary>
internal static class RootfsSetup
{
    /// <param name="ownMountNamespace">
    /// false without a new mount namespace (none, or one joined by path): mounts[] and the devices are still
    /// made (as runc and crun do), inside the rootfs of the namespace we are in, but "/" keeps its propagation
    /// and the rootfs is not bound onto itself (no pivot_root there: the init chroots).
    /// </param>
    public static void Prepare(InitConfig cfg, bool ownMountNamespace)
    {
        var spec = cfg.Spec;
        string rootfs = cfg.Rootfs;
        bool inUserNs = cfg.NewNamespaces.Contains("user");

        if (ownMountNamespace)
        {
            ulong rootPropagation = MountOptions.RootPropagation(spec.Linux?.RootfsPropagation);
            // An unbindable "/" would forbid the bind below: private until the switch, unbindable after it.
            ulong early = (rootPropagation & MS_UNBINDABLE) != 0 ? MS_PRIVATE | (rootPropagation & MS_REC) : rootPropagation;
            Mounter.Mount(null, "/", null, early, null, "propagation of /");
            // pivot_root refuses a shared parent of the new root, and a shared parent would leak the bind (runc's rootfsParentMountPrivate).
            if ((early & MS_SHARED) != 0) MakeParentMountPrivate(rootfs);
            // pivot_root needs the rootfs to be a mount point.
            Mounter.Mount(rootfs, rootfs, null, MS_BIND | MS_REC, null, $"rootfs {rootfs} onto itself");
        }

        var mounts = spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++) MountOne(cfg, mounts[i], i);

        bool devIsOurs = mounts.Any(m => m.Destination.TrimEnd('/') == "/dev" && !MountOptions.Parse(m.Options).Bind && m.Type != "bind");
        if (devIsOurs)
        {
            Devices.CreateDefaults(rootfs, inUserNs);
            Devices.CreateSymlinks(rootfs);
        }
        Devices.CreateConfigured(rootfs, spec.Linux?.Devices, inUserNs);

        // runc creates a missing cwd here, while the rootfs is still writable (root.readonly comes later).
        string cwd = SecureJoin.Join(rootfs, string.IsNullOrEmpty(spec.Process?.Cwd) ? "/" : spec.Process!.Cwd);
        if (!Directory.Exists(cwd))
        {
            try { Directory.CreateDirectory(cwd); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { throw new OcirtException($"create cwd {spec.Process!.Cwd} (process.cwd): {ErrorText.Of(e)}"); }
        }
    }

    private static void MountOne(InitConfig cfg, Mount m, int index)
    {
        string where = $"mounts[{index}]";
        if (!m.Destination.StartsWith('/')) throw new OcirtException($"{where}.destination: must be an absolute path (got \"{m.Destination}\")");
        string dest = SecureJoin.Join(cfg.Rootfs, m.Destination);
        var opts = MountOptions.Parse(m.Options);
        bool bind = opts.Bind || m.Type == "bind";

        if (bind)
        {
            string source = m.Source ?? throw new OcirtException($"{where}.source: required for a bind mount");
            if (!source.StartsWith('/')) source = Path.Combine(cfg.Bundle, source);
            bool isDir = Directory.Exists(source);
            if (!isDir && !File.Exists(source))
                throw new OcirtException($"error mounting \"{m.Source}\" to rootfs at \"{m.Destination}\": stat {source}: no such file or directory");
            CreateTarget(dest, isDir);
            if (cfg.IdMapFds != null && cfg.IdMapFds.TryGetValue(index, out int userns))
                Mounter.BindIdMapped(source, dest, opts.Recursive, opts.IdMapRecursive, userns, $"{where}: {source} to {m.Destination}");
            else
                Mounter.Mount(source, dest, null, MS_BIND | (opts.Recursive ? MS_REC : 0), null, $"{source} to {m.Destination} ({where})");
            if ((opts.Flags & ~MS_BIND) != 0)
                Mounter.Remount(dest, opts.Flags, $"{m.Destination} with its options ({where}.options)");
        }
        else
        {
            string type = m.Type ?? "";
            if (type.Length == 0) throw new OcirtException($"{where}.type: required for a non-bind mount");
            CreateTarget(dest, true);
            if (type == "cgroup" || type == "cgroup2")
                MountCgroup(dest, opts, cfg);
            else if (opts.CopyUp && type == "tmpfs")
                TmpCopyUp.Mount(m.Source ?? type, dest, opts.Flags, Security.LsmLabels.WithMountLabel(opts.Data, type, cfg.Spec.Linux?.MountLabel),
                    $"{type} to {m.Destination} (tmpcopyup, {where})");
            else
                Mounter.Mount(m.Source ?? type, dest, type, opts.Flags, Security.LsmLabels.WithMountLabel(opts.Data, type, cfg.Spec.Linux?.MountLabel),
                    $"{type} to {m.Destination} ({where})");
        }

        if ((opts.RecursiveSet | opts.RecursiveClear) != 0)
            Mounter.SetRecursive(dest, opts.RecursiveSet, opts.RecursiveClear, $"{where}.options (recursive attributes of {m.Destination})");
        foreach (ulong step in opts.PropagationSteps)
            Mounter.Mount(null, dest, null, step, null, $"propagation of {m.Destination} ({where}.options)");
    }

    /// <summary>cgroup v2 only: mount cgroup2; without a cgroup namespace, bind the container's own cgroup (as runc).</summary>
    private static void MountCgroup(string dest, ParsedMountOptions opts, InitConfig cfg)
    {
        ulong flags = opts.Flags & ~MS_RDONLY;
        if (cfg.CgroupToJoinAfterSetup is { } own)
        {
            // Not in the container's cgroup (namespace) yet: a fresh cgroup2 mount would show ours. Bind the
            // container's cgroup instead, the view its cgroup namespace will have.
            Mounter.Mount(own, dest, null, MS_BIND | MS_REC, null, "cgroup2 (bind of the container's cgroup) to " + dest);
            Mounter.Remount(dest, opts.Flags, "cgroup with its options");
            return;
        }
        if (Libc.Mount("cgroup2", dest, "cgroup2", opts.Flags, null) == 0) return;
        int err = Errno.Last;
        // EPERM/EBUSY in some user namespaces: fall back to a read-only rbind of the host's view.
        string host = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
        if (err == Errno.EPERM || err == Errno.EBUSY)
        {
            Mounter.Mount(host, dest, null, MS_BIND | MS_REC, null, "cgroup2 (bind) to " + dest);
            if ((opts.Flags & MS_RDONLY) != 0) Mounter.Remount(dest, flags | MS_RDONLY, "cgroup read-only");
            return;
        }
        throw new SyscallException($"mount cgroup2 to {dest}", err);
    }

    /// <summary>The nearest mount point at or above path becomes private (EINVAL: not a mount point, go up).</summary>
    private static void MakeParentMountPrivate(string path)
    {
        for (string? p = path; p != null; p = Path.GetDirectoryName(p))
        {
            if (Libc.Mount(null, p, null, MS_PRIVATE, null) == 0) return;
            if (Errno.Last != Errno.EINVAL) throw new SyscallException($"mount propagation of {p} (parent of the rootfs) to private", Errno.Last);
        }
    }

    public static void CreateTarget(string path, bool directory)
    {
        if (directory)
        {
            if (!Directory.Exists(path)) Directory.CreateDirectory(path);
            return;
        }
        if (File.Exists(path) || Directory.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (File.Create(path)) { }
    }

    /// <summary>pivot_root into the rootfs and detach the old root (or MS_MOVE + chroot with --no-pivot).</summary>
    public static void SwitchRoot(InitConfig cfg)
    {
        Errno.Check(Libc.Chdir(cfg.Rootfs), $"chdir {cfg.Rootfs}");
        if (cfg.NoPivot)
        {
            HideHostProcAndSys(cfg.Rootfs);
            Mounter.Mount(cfg.Rootfs, "/", null, MS_MOVE, null, "rootfs to / (--no-pivot)");
            Errno.Check(Libc.Chroot("."), "chroot .");
        }
        else
        {
            // pivot_root(".", ".") stacks the old root on top of the new one; then detach it. The old root is
            // entered by fd first (as runc): "." would otherwise name the new root, and making that rslave
            // would demote the container's shared mounts (mounts[].options "shared").
            int oldRoot = Libc.Open("/", OpenFlags.O_DIRECTORY | OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            if (oldRoot < 0) throw new SyscallException("open the old root", Errno.Last);
            try
            {
                if (Libc.Syscall(Libc.SYS_pivot_root, Dot(), Dot(), 0, 0, 0) != 0) throw new SyscallException("pivot_root", Errno.Last);
                Errno.Check(Libc.Fchdir(oldRoot), "fchdir to the old root");
            }
            finally { Libc.Close(oldRoot); }
            Mounter.Mount(null, ".", null, MS_SLAVE | MS_REC, null, "old root as slave");
            if (Libc.Umount2(".", MNT_DETACH) != 0) throw new SyscallException("unmount the old root", Errno.Last);
        }
        Errno.Check(Libc.Chdir("/"), "chdir /");
        // linux.rootfsPropagation is the propagation of the container's "/": set it on the new root.
        if (!string.IsNullOrEmpty(cfg.Spec.Linux?.RootfsPropagation))
            Mounter.Mount(null, "/", null, MountOptions.RootPropagation(cfg.Spec.Linux.RootfsPropagation), null, "propagation of / (linux.rootfsPropagation)");
    }

    /// <summary>
    /// --no-pivot leaves the host's mounts below the chroot, still reachable (runc's msMoveRoot): the
    /// full proc and sysfs mounts outside the rootfs would expose what the container's masked paths
    /// hide. This is the container's own mount namespace (slave first, so nothing reaches the host):
    /// they are detached, or covered with a tmpfs where unmounting is not allowed.
    /// </summary>
    private static void HideHostProcAndSys(string rootfs)
    {
        var targets = new List<string>();
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            string[] f = line.Split(' ');
            int dash = Array.IndexOf(f, "-");
            if (dash < 0 || dash + 1 >= f.Length || f[3] != "/") continue;
            string mountpoint = Unescape(f[4]);
            if (f[dash + 1] is not ("proc" or "sysfs")) continue;
            if (mountpoint == rootfs || mountpoint.StartsWith(rootfs + "/", StringComparison.Ordinal)) continue;
            targets.Add(mountpoint);
        }
        // Deepest first, so a parent's detach does not hide a child we still have to handle.
        foreach (string p in targets.OrderByDescending(t => t.Length))
        {
            if (Libc.Mount(null, p, null, MS_SLAVE | MS_REC, null) != 0 && Errno.Last == Errno.ENOENT) continue;
            if (Libc.Umount2(p, MNT_DETACH) == 0) continue;
            int err = Errno.Last;
            if (err != Errno.EINVAL && err != Errno.EPERM) throw new SyscallException($"unmount the host's {p} (--no-pivot)", err);
            Mounter.Mount("tmpfs", p, "tmpfs", 0, null, $"tmpfs over the host's {p} (--no-pivot)");
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo (octal).</summary>
    internal static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var b = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                b.Append((char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
                i += 3;
            }
            else b.Append(s[i]);
        }
        return b.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 2 < s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';

    /// <summary>"." as a NUL-terminated UTF-8 literal; such literals live in read-only data, so the pointer stays valid.</summary>
    private static unsafe long Dot()
    {
        fixed (byte* p = ".\0"u8) return (long)p;
    }

    /// <summary>After the switch: hostname, sysctls, then read-only and masked paths, read-only root.
    /// Sysctls come before the read-only paths, as in runc: Docker sets
    /// net.ipv4.ip_unprivileged_port_start while /proc/sys is in linux.readonlyPaths.</summary>
    public static void Finish(InitConfig cfg)
    {
        var spec = cfg.Spec;
        if (spec.Hostname != null) SetName(spec.Hostname, hostname: true);
        if (spec.Domainname != null) SetName(spec.Domainname, hostname: false);
        foreach (var (key, value) in spec.Linux?.Sysctl ?? [])
        {
            string path = "/proc/sys/" + key.Replace('.', '/');
            try { File.WriteAllText(path, value); }
            catch (Exception e) { throw new OcirtException($"linux.sysctl[\"{key}\"]: write {path}: {ErrorText.Of(e)}"); }
        }
        foreach (string p in spec.Linux?.ReadonlyPaths ?? []) ReadonlyPath(p);
        foreach (string p in spec.Linux?.MaskedPaths ?? []) MaskPath(p);
        if (spec.Root?.Readonly == true) Mounter.Remount("/", MS_RDONLY, "root read-only (root.readonly)");
    }

    private static void ReadonlyPath(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path)) return;
        Mounter.Mount(path, path, null, MS_BIND | MS_REC, null, $"{path} onto itself (linux.readonlyPaths)");
        Mounter.Remount(path, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_REC, $"{path} read-only (linux.readonlyPaths)");
    }

    private static void MaskPath(string path)
    {
        if (Directory.Exists(path))
            Mounter.Mount("tmpfs", path, "tmpfs", MS_RDONLY, null, $"tmpfs over {path} (linux.maskedPaths)");
        else if (File.Exists(path))
            Mounter.Mount("/dev/null", path, null, MS_BIND, null, $"/dev/null over {path} (linux.maskedPaths)");
    }

    private static unsafe void SetName(string name, bool hostname)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            int r = hostname ? Libc.Sethostname(p, (nuint)bytes.Length) : Libc.Setdomainname(p, (nuint)bytes.Length);
            if (r != 0) throw new SyscallException(hostname ? $"sethostname {name} (hostname)" : $"setdomainname {name} (domainname)", Errno.Last);
        }
    }
}
