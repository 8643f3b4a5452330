using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// linux.resources → the ordered cgroup v2 file writes (runc fs2 Manager.Set order: pids, memory, io, cpu,
/// cpuset, hugetlb, rdma, unified). Pure: no kernel needed, so every mapping is unit-tested.
/// Devices are not files in v2 (an eBPF program, see Devices/).
/// </summary>
public static class ResourceMapping
{
    /// <param name="bfq">whether the cgroup has io.bfq.weight (the BFQ I/O scheduler is in use)</param>
    public static List<CgroupWrite> Map(LinuxResources? r, bool bfq = false)
    {
        if (r == null) return [];
        return
        [
            .. PidsMapping.Map(r.Pids),
            .. MemoryMapping.Map(r.Memory),
            .. IoMapping.Map(r.BlockIO, bfq),
            .. CpuMapping.Map(r.Cpu),
            .. CpusetMapping.Map(r.Cpu),
            .. HugetlbMapping.Map(r.HugepageLimits),
            .. RdmaMapping.Map(r.Rdma),
            .. UnifiedMapping.Map(r.Unified),
        ];
    }
}
