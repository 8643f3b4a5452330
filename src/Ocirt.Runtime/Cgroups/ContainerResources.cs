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
        var filter = DeviceFilter.Generate(DeviceRules.Of(resources));
        return new ContainerResources(dir, CgroupResources.Prepare(root, dir, resources), filter);
    }

    /// <summary>The container's cgroup directory.</summary>
    public string Dir => _dir;

    private int _deviceProgram = -1;

    /// <summary>Loads (verifies and compiles) the device filter ahead of ApplyOnce: create overlaps it with the init's setup.</summary>
    public void LoadDeviceFilter()
    {
        if (_deviceProgram < 0 && !_applied) _deviceProgram = DeviceFilterLoader.Load(_deviceFilter);
    }

    public void ApplyOnce()
    {
        if (_applied) return;
        _applied = true;
        ulong oomKillsBefore = Stats.StatsReader.OomKills(_dir);
        CgroupResources.Apply(_dir, _writes);
        int program = _deviceProgram >= 0 ? _deviceProgram : DeviceFilterLoader.Load(_deviceFilter);
        _deviceProgram = -1;
        DeviceFilterLoader.Attach(_dir, program);
        // A memory.max below what the init already uses makes the kernel OOM-kill it during the write, which
        // itself succeeds: say so, as runc does, instead of a container that is "created" but dead.
        if (Stats.StatsReader.OomKills(_dir) > oomKillsBefore)
            throw new Lifecycle.OcirtException($"container init was OOM-killed (memory limit too low?): memory.max {MemoryMax()} is below what the container's init uses before it runs the process");
    }

    /// <summary>
    /// The init is born in the container's cgroup (clone3 CLONE_INTO_CGROUP: no migration, which waits out
    /// an RCU grace period) unless memory.max is so small that the init's own runtime, charged at birth
    /// (1.2 MB measured in the VM: 0.7 MB anonymous, 0.3 MB kernel), would be OOM-killed before the
    /// container's process runs. Then it is born in our cgroup and joins after its setup, so the container
    /// is charged only for what it does from there (as runc, whose Go runtime stays charged to its parent).
    /// </summary>
    public bool InitJoinsAfterSetup => _writes.Any(w => w.File == "memory.max" && long.TryParse(w.Value, out long max) && max < JoinAfterSetupBelow);

    /// <summary>Well above the init's footprint, so a larger config or a slower start cannot reach it.</summary>
    public const long JoinAfterSetupBelow = 16L << 20;

    private string MemoryMax() => _writes.FirstOrDefault(w => w.File == "memory.max")?.Value ?? "(unified)";
}
