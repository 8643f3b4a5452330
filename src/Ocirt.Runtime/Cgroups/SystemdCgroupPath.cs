using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Cgroups;

/// <summary>
/// --systemd-cgroup: cgroupsPath is "slice:prefix:name" (runc's systemd driver). ocirt has no
/// systemd driver yet, so the path is parsed and refused with the reason, never misread as a directory.
/// </summary>
public static class SystemdCgroupPath
{
    public sealed record Parsed(string Slice, string Prefix, string Name)
    {
        /// <summary>The unit systemd would create: "prefix-name.scope" (or "name" when it is already a unit).</summary>
        public string Unit => Name.EndsWith(".slice") || Name.EndsWith(".scope") ? Name : $"{Prefix}-{Name}.scope";
    }

    public static Parsed Parse(string? cgroupsPath, string id)
    {
        if (string.IsNullOrEmpty(cgroupsPath)) return new Parsed("system.slice", "ocirt", id);
        string[] parts = cgroupsPath.Split(':');
        if (parts.Length != 3)
            throw new OcirtException($"linux.cgroupsPath: expected \"slice:prefix:name\" with --systemd-cgroup, got \"{cgroupsPath}\"");
        return new Parsed(parts[0].Length == 0 ? "system.slice" : parts[0], parts[1], parts[2]);
    }

    /// <summary>Refuses --systemd-cgroup with the reason: systemd absent, or the driver not built yet.</summary>
    public static void Refuse(string? cgroupsPath, string id)
    {
        var parsed = Parse(cgroupsPath, id);
        if (!Directory.Exists("/run/systemd/system"))
            throw new OcirtException($"--systemd-cgroup: systemd is not running on this host (no /run/systemd/system); cannot create {parsed.Slice}/{parsed.Unit}");
        throw new OcirtException($"--systemd-cgroup: the systemd cgroup driver is not implemented yet; cannot create {parsed.Slice}/{parsed.Unit} (use the cgroupfs driver: omit --systemd-cgroup)");
    }
}
