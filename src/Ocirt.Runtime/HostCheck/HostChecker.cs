using System.Runtime.InteropServices;

namespace Ocirt.Runtime.HostCheck;

/// <summary>All the items of `ocirt check`, read from this host. Pass/fail logic lives here; rendering is the CLI's.</summary>
public sealed record HostReport(IReadOnlyList<CheckItem> Items)
{
    /// <summary>True when `ocirt run` can work: no item failed.</summary>
    public bool Ok => Items.All(i => i.Status != CheckStatus.Fail);
}

public static class HostChecker
{
    /// <summary>Namespace type → /proc/self/ns entry; pid and mount are required (fail when missing).</summary>
    public static readonly (string Type, string Entry, bool Required)[] NamespaceTypes =
    [
        ("pid", "pid", true), ("mount", "mnt", true), ("uts", "uts", false), ("ipc", "ipc", false),
        ("network", "net", false), ("user", "user", false), ("cgroup", "cgroup", false), ("time", "time", false),
    ];

    public static HostReport Run(string root)
    {
        var items = new List<CheckItem>();
        string status = Read("/proc/self/status") ?? "";
        ulong? capEff = Capabilities.ParseMask(ProcStatus.Field(status, "CapEff") ?? "");
        ulong? capBnd = Capabilities.ParseMask(ProcStatus.Field(status, "CapBnd") ?? "");

        items.Add(Privileges(SyscallProbes.EffectiveUid(), capEff));
        var kernel = Kernel(Read("/proc/sys/kernel/osrelease")?.Trim() ?? Environment.OSVersion.VersionString, out var kv);
        items.Add(kernel);
        var layout = CgroupLayout.FromMountInfo(Read("/proc/self/mountinfo") ?? "");
        items.Add(CgroupModeItem(layout));
        if (layout.V2Root != null) items.Add(ControllersItem(layout.V2Root, Read(Path.Combine(layout.V2Root, "cgroup.controllers"))));
        items.Add(Cgroups.Systemd.SystemdAvailability.Probe());
        foreach (var (type, entry, required) in NamespaceTypes)
        {
            string path = "/proc/self/ns/" + entry;
            bool exists = File.Exists(path) || Directory.Exists(path) || IsSymlink(path);
            items.Add(new CheckItem("namespace " + type, exists ? CheckStatus.Ok : required ? CheckStatus.Fail : CheckStatus.Warn,
                exists ? path : $"{path} missing: the kernel lacks {type} namespaces"));
        }
        items.Add(UserNamespaces(Read("/proc/sys/user/max_user_namespaces")));
        items.AddRange(Syscalls(kv));
        items.AddRange(Seccomp(status));
        items.Add(AppArmor(Read("/sys/module/apparmor/parameters/enabled")));
        items.Add(SELinux(Read("/sys/fs/selinux/enforce")));
        items.AddRange(CapabilityItems(capBnd, int.TryParse(Read("/proc/sys/kernel/cap_last_cap")?.Trim(), out int last) ? last : 40));
        items.Add(Overlay(Read("/proc/filesystems")));
        var (writable, detail) = RootDirProbe.Check(root);
        items.Add(new CheckItem("root dir", writable ? CheckStatus.Ok : CheckStatus.Fail, detail));
        return new HostReport(items);
    }

    public static CheckItem Privileges(uint euid, ulong? capEff)
    {
        bool admin = capEff is { } m && Capabilities.Has(m, Capabilities.SysAdmin);
        if (euid == 0 && admin) return new CheckItem("privileges", CheckStatus.Ok, "root, CAP_SYS_ADMIN effective");
        return new CheckItem("privileges", CheckStatus.Fail,
            euid != 0 ? $"euid {euid}: ocirt needs root (rootless containers are not supported)" : "root but CAP_SYS_ADMIN is not effective");
    }

    public static CheckItem Kernel(string release, out KernelVersion? version)
    {
        version = KernelVersion.Parse(release);
        if (version is not { } v) return new CheckItem("kernel", CheckStatus.Warn, $"{release} (unrecognised version)");
        return v.AtLeast(KernelVersion.Minimum)
            ? new CheckItem("kernel", CheckStatus.Ok, $"{release} (>= {KernelVersion.Minimum})")
            : new CheckItem("kernel", CheckStatus.Warn, $"{release} (< {KernelVersion.Minimum}: some features below may be missing)");
    }

    public static CheckItem CgroupModeItem(CgroupLayout l) => l.Mode switch
    {
        CgroupMode.V2 => new CheckItem("cgroup mode", CheckStatus.Ok, $"v2 (cgroup2 at {l.V2Root})"),
        CgroupMode.Hybrid => new CheckItem("cgroup mode", CheckStatus.Warn,
            $"hybrid (cgroup2 at {l.V2Root}; v1 hierarchies {string.Join(' ', l.V1Hierarchies)} are not used)"),
        CgroupMode.V1 => new CheckItem("cgroup mode", CheckStatus.Fail,
            $"v1 only ({string.Join(' ', l.V1Hierarchies)}): ocirt needs a cgroup2 hierarchy"),
        _ => new CheckItem("cgroup mode", CheckStatus.Fail, "no cgroup hierarchy mounted under /sys/fs/cgroup"),
    };

    public static CheckItem ControllersItem(string v2Root, string? controllersText)
    {
        if (controllersText == null)
            return new CheckItem("cgroup controllers", CheckStatus.Warn, $"{v2Root}/cgroup.controllers unreadable");
        var have = CgroupLayout.ParseControllers(controllersText);
        var missing = CgroupLayout.LimitControllers.Where(c => !have.Contains(c)).ToArray();
        string list = have.Length == 0 ? "(none)" : string.Join(' ', have);
        return missing.Length == 0
            ? new CheckItem("cgroup controllers", CheckStatus.Ok, list)
            : new CheckItem("cgroup controllers", CheckStatus.Warn,
                $"{list} (missing {string.Join(' ', missing)}: {string.Join('/', missing)} limits can't be enforced)");
    }

    public static CheckItem UserNamespaces(string? maxText)
    {
        if (maxText == null) return new CheckItem("user namespaces", CheckStatus.Warn, "/proc/sys/user/max_user_namespaces unreadable");
        string v = maxText.Trim();
        return long.TryParse(v, out long n) && n > 0
            ? new CheckItem("user namespaces", CheckStatus.Ok, $"max_user_namespaces {v}")
            : new CheckItem("user namespaces", CheckStatus.Warn, $"max_user_namespaces {v}: containers with a user namespace fail");
    }

    private static IEnumerable<CheckItem> Syscalls(KernelVersion? kernel)
    {
        var ms = SyscallProbes.MountSetattr();
        yield return new CheckItem("mount_setattr", ms.Present ? CheckStatus.Ok : CheckStatus.Warn,
            $"syscall 442 {ms.Describe()}" + (ms.Present ? "" : ": recursive mount attributes and idmapped mounts unavailable"));
        var c3 = SyscallProbes.Clone3();
        yield return new CheckItem("clone3", c3.Present ? CheckStatus.Ok : CheckStatus.Warn,
            $"syscall 435 {c3.Describe()}" + (c3.Present ? "" : ": processes are created with clone/fork"));
        bool intoCgroup = c3.Present && kernel is { } k && k.AtLeast(KernelVersion.CloneIntoCgroup);
        yield return new CheckItem("CLONE_INTO_CGROUP", intoCgroup ? CheckStatus.Ok : CheckStatus.Warn,
            (kernel is { } kk ? $"kernel {kk} " : "kernel unknown ") + (intoCgroup ? $"(>= {KernelVersion.CloneIntoCgroup})" :
                c3.Present ? $"(< {KernelVersion.CloneIntoCgroup})" : "(no clone3)"));
        var pf = SyscallProbes.PidfdOpen();
        yield return new CheckItem("pidfd_open", pf.Present ? CheckStatus.Ok : CheckStatus.Warn,
            $"syscall 434 on own pid {(pf.Result >= 0 ? "returns a pidfd" : pf.Describe())}" +
            (pf.Present ? "" : ": process tracking falls back to pids (reuse races)"));
    }

    private static IEnumerable<CheckItem> Seccomp(string statusText)
    {
        string? field = ProcStatus.Field(statusText, "Seccomp");
        var (mode, errno) = SyscallProbes.SeccompMode();
        bool present = field != null && mode >= 0;
        yield return new CheckItem("seccomp", present ? CheckStatus.Ok : CheckStatus.Warn,
            present ? $"Seccomp: {field} (prctl PR_GET_SECCOMP = {mode})"
                    : $"Seccomp field {(field == null ? "absent" : field)}, prctl PR_GET_SECCOMP {(mode >= 0 ? mode.ToString() : SyscallProbe.ErrnoName(errno))}: seccomp profiles can't be applied");
        bool lib = NativeLibrary.TryLoad("libseccomp.so.2", out nint handle);
        if (lib) NativeLibrary.Free(handle);
        yield return new CheckItem("libseccomp", lib ? CheckStatus.Ok : CheckStatus.Warn,
            lib ? "libseccomp.so.2 loads" : "libseccomp.so.2 does not load (apt-get install libseccomp2)");
    }

    public static CheckItem AppArmor(string? enabled) =>
        new("apparmor", CheckStatus.Info, enabled == null ? "not loaded (no /sys/module/apparmor)"
            : enabled.Trim() == "Y" ? "enabled (Y)" : $"loaded, not enabled ({enabled.Trim()})");

    public static CheckItem SELinux(string? enforce) =>
        new("selinux", CheckStatus.Info, enforce == null ? "not enabled (no /sys/fs/selinux)"
            : enforce.Trim() == "1" ? "enforcing" : "permissive");

    /// <summary>
    /// A summary of the bounding set, then one line per missing capability with what it breaks; CAP_SYS_RESOURCE always
    /// gets its line (ok when present) because hosts lacking it are common and the failure (EPERM on rlimits) is obscure.
    /// </summary>
    public static IEnumerable<CheckItem> CapabilityItems(ulong? capBnd, int lastCap)
    {
        if (capBnd is not { } mask)
        {
            yield return new CheckItem("capabilities", CheckStatus.Warn, "CapBnd unreadable in /proc/self/status");
            yield break;
        }
        int[] missing = Capabilities.Missing(mask, lastCap);
        yield return missing.Length == 0
            ? new CheckItem("capabilities", CheckStatus.Ok, $"bounding set complete (CapBnd {mask:x16}, 0-{lastCap})")
            : new CheckItem("capabilities", CheckStatus.Warn,
                $"bounding set lacks {string.Join(' ', missing.Select(Capabilities.Name))} (CapBnd {mask:x16})");
        if (!missing.Contains(Capabilities.SysResource))
            yield return new CheckItem("capability " + Capabilities.Name(Capabilities.SysResource), CheckStatus.Ok,
                "in the bounding set: hard rlimits can be raised");
        foreach (int bit in missing)
            yield return new CheckItem("capability " + Capabilities.Name(bit), CheckStatus.Warn,
                "missing from the bounding set" + (Capabilities.Consequence(bit) is { } c ? ": " + c : ""));
    }

    public static CheckItem Overlay(string? filesystems)
    {
        bool has = filesystems != null && filesystems.Split('\n').Any(l => l.Split('\t', ' ').LastOrDefault(s => s.Length > 0) == "overlay");
        return has
            ? new CheckItem("overlayfs", CheckStatus.Ok, "overlay in /proc/filesystems")
            : new CheckItem("overlayfs", CheckStatus.Warn, "overlay not in /proc/filesystems (modprobe overlay): overlay rootfs mounts fail");
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool IsSymlink(string path)
    {
        try { return new FileInfo(path).LinkTarget != null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
