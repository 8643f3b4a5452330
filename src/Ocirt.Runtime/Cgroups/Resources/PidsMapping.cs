using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.pids.limit → pids.max; a limit ≤ 0 means unlimited ("max"), absent leaves it alone.</summary>
public static class PidsMapping
{
    public static IEnumerable<CgroupWrite> Map(LinuxPids? p)
    {
        if (p?.Limit is not { } limit) yield break;
        string value = limit > 0 ? CgroupValue.Num(limit) : "max";
        yield return new CgroupWrite("pids", "pids.max", value, "linux.resources.pids.limit", OptionalIfMissing: value == "max");
    }
}
