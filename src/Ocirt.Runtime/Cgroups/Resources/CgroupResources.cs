using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// linux.resources for one cgroup: Prepare (map, validate, enable controllers; before the init runs) and
/// Apply (write the files; when the init reports, as runc does at procHooks).
/// </summary>
public static class CgroupResources
{
    public static List<CgroupWrite> Prepare(string root, string dir, LinuxResources? r)
    {
        var writes = ResourceMapping.Map(r);
        if (writes.Count == 0) return writes;
        writes = CgroupControllers.Enable(root, dir, writes);
        // BFQ's io.bfq.weight appears only once io is enabled; map again if it is there.
        if (writes.Any(w => w.Controller == "io") && File.Exists(Path.Combine(dir, "io.bfq.weight")))
            writes = CgroupControllers.Enable(root, dir, ResourceMapping.Map(r, bfq: true));
        return writes;
    }

    public static void Apply(string dir, IReadOnlyList<CgroupWrite> writes) => ResourceWriter.Write(dir, writes);
}
