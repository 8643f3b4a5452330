using Ocirt.Spec.Model;

namespace Ocirt.Spec;

/// <summary>
/// The config `ocirt spec` writes: the same default as runc's (libcontainer/specconv Example and
/// ToRootless), because runc's integration tests and users build their bundles from it.
/// </summary>
public static class DefaultSpec
{
    public const string Version = "1.2.0";

    public static Model.Spec Create(bool rootless, uint euid = 0, uint egid = 0, bool cgroupNamespace = true)
    {
        string[] caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];
        var spec = new Model.Spec
        {
            OciVersion = Version,
            Root = new Root { Path = "rootfs", Readonly = true },
            Process = new Process
            {
                Terminal = true,
                User = new User(),
                Args = ["sh"],
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                Cwd = "/",
                NoNewPrivileges = true,
                Capabilities = new LinuxCapabilities { Bounding = [.. caps], Effective = [.. caps], Permitted = [.. caps] },
                Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
            },
            Hostname = "runc",
            Mounts =
            [
                new Mount { Destination = "/proc", Type = "proc", Source = "proc" },
                new Mount { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
                new Mount { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
                new Mount { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
                new Mount { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
                new Mount { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
                new Mount { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
            ],
            Linux = new Linux
            {
                MaskedPaths =
                [
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                    "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi", "/sys/devices/virtual/tpm",
                ],
                ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
                Resources = new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }] },
                Namespaces =
                [
                    new LinuxNamespace { Type = "pid" }, new LinuxNamespace { Type = "network" }, new LinuxNamespace { Type = "ipc" },
                    new LinuxNamespace { Type = "uts" }, new LinuxNamespace { Type = "mount" },
                ],
            },
        };
        if (cgroupNamespace) spec.Linux.Namespaces.Add(new LinuxNamespace { Type = "cgroup" });
        if (rootless) ToRootless(spec, euid, egid);
        return spec;
    }

    /// <summary>runc's ToRootless: no network namespace, a user namespace mapping the caller, /sys rbound, no uid=/gid= options, no resources.</summary>
    private static void ToRootless(Model.Spec spec, uint euid, uint egid)
    {
        var linux = spec.Linux!;
        linux.Namespaces = [.. linux.Namespaces!.Where(n => n.Type is not ("network" or "user")), new LinuxNamespace { Type = "user" }];
        linux.UidMappings = [new LinuxIdMapping { HostId = euid, ContainerId = 0, Size = 1 }];
        linux.GidMappings = [new LinuxIdMapping { HostId = egid, ContainerId = 0, Size = 1 }];
        spec.Mounts = spec.Mounts!.Select(m => m.Destination.TrimEnd('/') == "/sys"
            ? new Mount { Source = "/sys", Destination = "/sys", Type = "none", Options = ["rbind", "nosuid", "noexec", "nodev", "ro"] }
            : m with { Options = WithoutIdOptions(m.Options) }).ToList();
        linux.Resources = null;
    }

    // Go appends to a nil slice, so a mount left with no options has none at all (omitted, not []).
    private static List<string>? WithoutIdOptions(List<string>? options)
    {
        var kept = options?.Where(o => !o.StartsWith("gid=", StringComparison.Ordinal) && !o.StartsWith("uid=", StringComparison.Ordinal)).ToList();
        return kept is { Count: > 0 } ? kept : null;
    }
}
