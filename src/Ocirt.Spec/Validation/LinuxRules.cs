using Ocirt.Spec.Model;

namespace Ocirt.Spec.Validation;

/// <summary>linux.*: devices, propagation, masked/readonly paths, personality, memory policy.</summary>
internal static class LinuxRules
{
    private static readonly string[] Propagations =
        ["shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"];
    private static readonly string[] MemoryModes =
    [
        "MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED",
        "MPOL_PREFERRED_MANY", "MPOL_LOCAL",
    ];
    private static readonly string[] MemoryFlags = ["MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES"];

    public static void Check(Linux? linux, Problems p)
    {
        if (linux is null) return;
        for (int i = 0; i < (linux.Devices?.Count ?? 0); i++)
        {
            var d = linux.Devices![i];
            if (!Problems.IsAbsolute(d.Path)) p.Add($"linux.devices[{i}].path", "must be absolute");
            if (d.Type is not ("b" or "c" or "u" or "p"))
                p.Add($"linux.devices[{i}].type", $"must be one of \"b\", \"c\", \"u\", \"p\" (got {Problems.Q(d.Type)})");
        }
        if (!string.IsNullOrEmpty(linux.RootfsPropagation) && !Propagations.Contains(linux.RootfsPropagation))
            p.Add("linux.rootfsPropagation", $"unknown propagation {Problems.Q(linux.RootfsPropagation)}");
        CheckAbsolute("maskedPaths", linux.MaskedPaths, p);
        CheckAbsolute("readonlyPaths", linux.ReadonlyPaths, p);
        if (linux.Personality is { } per && per.Domain is not ("LINUX" or "LINUX32"))
            p.Add("linux.personality.domain", $"unknown domain {Problems.Q(per.Domain)}");
        if (linux.MemoryPolicy is { } mp)
        {
            if (!MemoryModes.Contains(mp.Mode)) p.Add("linux.memoryPolicy.mode", $"unknown mode {Problems.Q(mp.Mode)}");
            for (int i = 0; i < (mp.Flags?.Count ?? 0); i++)
                if (!MemoryFlags.Contains(mp.Flags![i])) p.Add($"linux.memoryPolicy.flags[{i}]", $"unknown flag {Problems.Q(mp.Flags[i])}");
        }
    }

    private static void CheckAbsolute(string field, List<string>? paths, Problems p)
    {
        for (int i = 0; i < (paths?.Count ?? 0); i++)
            if (!Problems.IsAbsolute(paths![i])) p.Add($"linux.{field}[{i}]", "must be absolute");
    }
}
