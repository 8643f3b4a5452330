namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// The properties of a container's new unit (runc's Apply): where it lives, that ocirt manages its cgroup
/// subtree (Delegate), no implicit dependencies on shutdown targets, accounting on for every controller,
/// then the resources, then the annotations (last, so they can override any of the above).
/// </summary>
public static class UnitProperties
{
    public static List<UnitProperty> ForNewUnit(SystemdCgroupPath.Parsed unit, string id, IReadOnlyList<uint> pids,
        Ocirt.Spec.Model.LinuxResources? resources, Dictionary<string, string>? annotations)
    {
        var props = new List<UnitProperty> { new("Description", new UnitValue.Str($"ocirt container {id}")) };
        if (unit.IsSlice)
        {
            // A slice's place is its name ("a-b.slice" is in a.slice); Wants= only orders it after its parent.
            props.Add(new("Wants", new UnitValue.StrArray([unit.Slice])));
        }
        else
        {
            props.Add(new("Slice", new UnitValue.Str(unit.Slice)));
            props.Add(new("Delegate", new UnitValue.Bool(true)));
        }
        if (pids.Count > 0) props.Add(new("PIDs", new UnitValue.UInt32Array([.. pids])));
        props.Add(new("DefaultDependencies", new UnitValue.Bool(false)));
        foreach (string accounting in (string[])["MemoryAccounting", "CPUAccounting", "IOAccounting", "TasksAccounting"])
            props.Add(new(accounting, new UnitValue.Bool(true)));
        props.AddRange(ResourceProperties.Map(resources));
        props.AddRange(AnnotationProperties.Map(annotations));
        return props;
    }
}
