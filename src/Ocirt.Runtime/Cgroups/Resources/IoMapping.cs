using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// linux.resources.blockIO → io.bfq.weight (when the BFQ scheduler offers it) or io.weight, and io.max
/// throttle lines (runc fs2 setIo). Per-device weights need io.bfq.weight; without BFQ runc ignores them.
/// </summary>
public static class IoMapping
{
    private const string F = "linux.resources.blockIO";

    public static IEnumerable<CgroupWrite> Map(LinuxBlockIO? b, bool bfq)
    {
        if (b == null) yield break;
        ushort weight = b.Weight ?? 0;
        if (weight != 0)
        {
            if (weight is < 10 or > 1000) throw new ResourceException(F + ".weight", $"must be between 10 and 1000 (got {weight})");
            yield return bfq
                ? new CgroupWrite("io", "io.bfq.weight", CgroupValue.Num((ulong)weight), F + ".weight")
                : new CgroupWrite("io", "io.weight", CgroupValue.Num(BlkioToIoWeight(weight)), F + ".weight");
        }
        if (bfq)
        {
            var devices = b.WeightDevice ?? [];
            for (int i = 0; i < devices.Count; i++)
                if (devices[i].Weight is { } w and not 0)
                    yield return new CgroupWrite("io", "io.bfq.weight", $"{devices[i].Major}:{devices[i].Minor} {w}", $"{F}.weightDevice[{i}]");
        }
        foreach (var w in Throttle(b.ThrottleReadBpsDevice, "rbps", "throttleReadBpsDevice")) yield return w;
        foreach (var w in Throttle(b.ThrottleWriteBpsDevice, "wbps", "throttleWriteBpsDevice")) yield return w;
        foreach (var w in Throttle(b.ThrottleReadIOPSDevice, "riops", "throttleReadIOPSDevice")) yield return w;
        foreach (var w in Throttle(b.ThrottleWriteIOPSDevice, "wiops", "throttleWriteIOPSDevice")) yield return w;
    }

    private static IEnumerable<CgroupWrite> Throttle(List<LinuxThrottleDevice>? devices, string key, string field)
    {
        for (int i = 0; i < (devices?.Count ?? 0); i++)
        {
            var d = devices![i];
            yield return new CgroupWrite("io", "io.max", $"{d.Major}:{d.Minor} {key}={d.Rate}", $"{F}.{field}[{i}]");
        }
    }

    /// <summary>runc's ConvertBlkIOToIOWeightValue: blkio [10, 1000] → io.weight [1, 10000].</summary>
    public static ulong BlkioToIoWeight(ushort weight) => weight == 0 ? 0 : 1 + ((ulong)weight - 10) * 9999 / 990;
}
