using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.rdma{device: limits} → one rdma.max line per device (runc RdmaSet).</summary>
public static class RdmaMapping
{
    public static IEnumerable<CgroupWrite> Map(Dictionary<string, LinuxRdma>? rdma)
    {
        foreach (var (device, limits) in (rdma ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string field = $"linux.resources.rdma[\"{device}\"]";
            if (device.Length == 0 || device.Any(char.IsWhiteSpace))
                throw new ResourceException(field, "invalid device name");
            string line = device;
            if (limits.HcaHandles is { } h) line += " hca_handle=" + h;
            if (limits.HcaObjects is { } o) line += " hca_object=" + o;
            if (line != device) yield return new CgroupWrite("rdma", "rdma.max", line, field);
        }
    }
}
