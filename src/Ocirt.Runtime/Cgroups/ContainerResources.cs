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
        CgroupResources.Apply(_dir, _writes);
        DeviceFilterLoader.Attach(_dir, _deviceFilter);
    }
}
