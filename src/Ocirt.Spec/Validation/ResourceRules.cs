using Ocirt.Spec.Model;

namespace Ocirt.Spec.Validation;

/// <summary>linux.resources: the device cgroup rules and limits that are inconsistent on their own.</summary>
internal static class ResourceRules
{
    public static void Check(LinuxResources? r, Problems p)
    {
        if (r is null) return;
        for (int i = 0; i < (r.Devices?.Count ?? 0); i++)
        {
            var d = r.Devices![i];
            if (!string.IsNullOrEmpty(d.Type) && d.Type is not ("a" or "b" or "c"))
                p.Add($"linux.resources.devices[{i}].type", $"must be one of \"a\", \"b\", \"c\" (got {Problems.Q(d.Type)})");
            if (d.Access is { } access && !access.All(c => c is 'r' or 'w' or 'm'))
                p.Add($"linux.resources.devices[{i}].access", $"must consist of r, w and m (got {Problems.Q(access)})");
        }
        // swap is memory+swap: below the memory limit it is meaningless (runc refuses it too); -1 means unlimited.
        if (r.Memory is { Limit: > 0 and var limit, Swap: > 0 and var swap } && swap < limit)
            p.Add("linux.resources.memory.swap", $"must not be less than memory.limit ({swap} < {limit})");
        if (r.Memory?.Swappiness is > 100)
            p.Add("linux.resources.memory.swappiness", $"must be between 0 and 100 (got {r.Memory.Swappiness})");
        foreach (string key in r.Unified?.Keys ?? Enumerable.Empty<string>())
            if (key.Length == 0 || key.Contains('/')) p.Add("linux.resources.unified", $"invalid key {Problems.Q(key)}");
    }
}
