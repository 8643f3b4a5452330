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
        for (int i = 0; i < (r.HugepageLimits?.Count ?? 0); i++)
            if (!IsPageSize(r.HugepageLimits![i].PageSize))
                p.Add($"linux.resources.hugepageLimits[{i}].pageSize", $"must be <size><K|M|G>B, e.g. 2MB (got {Problems.Q(r.HugepageLimits[i].PageSize)})");
        foreach (string key in r.Unified?.Keys ?? Enumerable.Empty<string>())
            if (key.Length == 0 || key.Contains('/')) p.Add("linux.resources.unified", $"invalid key {Problems.Q(key)}");
    }

    // The schema's pattern ^[1-9][0-9]*[KMG]B$: the form of the hugetlb.<size> cgroup file names.
    private static bool IsPageSize(string? s) =>
        s is { Length: >= 3 } && s[^1] == 'B' && s[^2] is 'K' or 'M' or 'G' && s[0] is >= '1' and <= '9'
        && s[..^2].All(char.IsAsciiDigit);
}
