using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// --systemd-cgroup: linux.cgroupsPath is "slice:prefix:name" (runc's systemd driver). The unit is
/// "prefix-name.scope", or "name" itself when it is a slice; an empty slice is system.slice, "-" the root slice.
/// </summary>
public static class SystemdCgroupPath
{
    private const string SliceSuffix = ".slice";

    public sealed record Parsed(string Slice, string Prefix, string Name)
    {
        /// <summary>Whether the container gets a slice of its own (kubelet's pods) rather than a scope.</summary>
        public bool IsSlice => Name.EndsWith(SliceSuffix);

        /// <summary>The unit systemd creates: "prefix-name.scope" (or the name when it is a slice).</summary>
        public string Unit => IsSlice ? Name : $"{Prefix}-{Name}.scope";

        /// <summary>The unit's cgroup below the hierarchy's root: "/a.slice/a-b.slice/p-n.scope".</summary>
        public string CgroupPath => IsSlice ? ExpandSlice(Name) : ExpandSlice(Slice).TrimEnd('/') + "/" + Unit;
    }

    public static Parsed Parse(string? cgroupsPath, string id)
    {
        if (string.IsNullOrEmpty(cgroupsPath)) return new Parsed("system.slice", "ocirt", id);
        string[] parts = cgroupsPath.Split(':');
        if (parts.Length != 3)
            throw new OcirtException($"linux.cgroupsPath: expected \"slice:prefix:name\" with --systemd-cgroup, got \"{cgroupsPath}\"");
        string slice = parts[0] switch { "" => "system.slice", "-" => "-.slice", var s => s };
        var parsed = new Parsed(slice, parts[1], parts[2]);
        if (parts[2].Length == 0)
            throw new OcirtException($"linux.cgroupsPath: the name part of \"{cgroupsPath}\" is empty");
        if (parts[2].Contains('/') || parts[1].Contains('/'))
            throw new OcirtException($"linux.cgroupsPath: \"{cgroupsPath}\" has a '/' in its prefix or name");
        ExpandSlice(slice, cgroupsPath); // validates
        if (parsed.IsSlice) ExpandSlice(parsed.Name, cgroupsPath);
        return parsed;
    }

    /// <summary>
    /// systemd's slice nesting: "a-b-c.slice" lives in "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" is the root.
    /// </summary>
    public static string ExpandSlice(string slice, string? field = null)
    {
        string Invalid() => $"linux.cgroupsPath: invalid slice name \"{slice}\"" + (field != null ? $" in \"{field}\"" : "");
        if (!slice.EndsWith(SliceSuffix) || slice.Length == SliceSuffix.Length || slice.Contains('/'))
            throw new OcirtException(Invalid());
        string name = slice[..^SliceSuffix.Length];
        if (name == "-") return "/";
        var path = new System.Text.StringBuilder();
        string prefix = "";
        foreach (string component in name.Split('-'))
        {
            if (component.Length == 0) throw new OcirtException(Invalid());
            path.Append('/').Append(prefix).Append(component).Append(SliceSuffix);
            prefix += component + "-";
        }
        return path.ToString();
    }
}
