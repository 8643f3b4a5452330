using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.cpu.cpus/mems → cpuset.cpus, cpuset.mems (empty = inherit the parent's).</summary>
public static class CpusetMapping
{
    public static IEnumerable<CgroupWrite> Map(LinuxCpu? c)
    {
        if (!string.IsNullOrEmpty(c?.Cpus)) yield return new CgroupWrite("cpuset", "cpuset.cpus", c.Cpus, "linux.resources.cpu.cpus");
        if (!string.IsNullOrEmpty(c?.Mems)) yield return new CgroupWrite("cpuset", "cpuset.mems", c.Mems, "linux.resources.cpu.mems");
    }
}
