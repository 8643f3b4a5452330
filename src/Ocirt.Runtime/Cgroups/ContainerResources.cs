using Ocirt.Runtime.Cgroups.Devices;
using Ocirt.Runtime.Cgroups.Resources;

namespace Ocirt.Runtime.Cgroups;

/// <summary>
/// A container's linux.resources and device rules, prepared before its init runs and applied once the init has
/// built its rootfs and devices (runc sets them at procHooks, so mknod of the container's nodes is never blocked).
/// </summary>
public sealed class ContainerResources
{
    private readonly string _dir;
    private readonly List<CgroupWrite> _writes;
    private readonly List<BpfInstruction> _deviceFilter;
    private bool _applied;

    private ContainerResources(string dir, List<CgroupWrite> writes, List<BpfInstruction> deviceFilter)
    {
        _dir = dir;
        _writes = writes;
        _deviceFilter = deviceFilter;
    }

    public static ContainerResources Prepare(string root, string dir, Ocirt.Spec.Model.Spec spec)
    {
        var resources = spec.Linux?.Resources;
        var filter = DeviceFilter.Generate(DeviceRules.Of(resources, spec.Linux?.Devices));
        return new ContainerResources(dir, CgroupResources.Prepare(root, dir, resources), filter);
    }

    public void ApplyOnce()
    {
        if (_applied) return;
        _applied = true;
        ulong oomKillsBefore = Stats.StatsReader.OomKills(_dir);
        CgroupResources.Apply(_dir, _writes);
        DeviceFilterLoader.Attach(_dir, _deviceFilter);
        // A memory.max below what the init already uses makes the kernel OOM-kill it during the write, which
        // itself succeeds: say so, as runc does, instead of a container that is "created" but dead.
        if (Stats.StatsReader.OomKills(_dir) > oomKillsBefore)
            throw new Lifecycle.OcirtException($"container init was OOM-killed (memory limit too low?): memory.max {MemoryMax()} is below what the container's init uses before it runs the process");
    }

    private string MemoryMax() => _writes.FirstOrDefault(w => w.File == "memory.max")?.Value ?? "(unified)";
}
