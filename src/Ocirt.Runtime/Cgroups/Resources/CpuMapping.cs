using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.cpu → cpu.idle, cpu.weight, cpu.max.burst, cpu.max (runc fs2 setCPU, in its order).</summary>
public static class CpuMapping
{
    private const string F = "linux.resources.cpu";

    public static IEnumerable<CgroupWrite> Map(LinuxCpu? c)
    {
        if (c == null) yield break;
        // cgroup v2 has no realtime group scheduling knobs (cpu.rt_* exist only in v1).
        if (c.RealtimeRuntime is { } rt and not 0)
            throw new ResourceException(F + ".realtimeRuntime", $"realtime CPU scheduling ({rt}) is not supported with cgroup v2");
        if (c.RealtimePeriod is { } rp and not 0)
            throw new ResourceException(F + ".realtimePeriod", $"realtime CPU scheduling ({rp}) is not supported with cgroup v2");
        if (c.Idle is { } idle)
        {
            if (idle is not (0 or 1)) throw new ResourceException(F + ".idle", $"must be 0 or 1 (got {idle})");
            yield return new CgroupWrite("cpu", "cpu.idle", CgroupValue.Num(idle), F + ".idle");
        }
        ulong weight = SharesToWeight(c.Shares ?? 0);
        if (weight != 0) yield return new CgroupWrite("cpu", "cpu.weight", CgroupValue.Num(weight), F + ".shares");
        long quota = c.Quota ?? 0;
        ulong period = c.Period ?? 0;
        bool setMax = quota != 0 || period != 0;
        if (c.Burst is { } burst)
            yield return new CgroupWrite("cpu", "cpu.max.burst", CgroupValue.Num(burst), F + ".burst", RetryAfterNext: setMax);
        if (setMax)
        {
            if (period != 0 && period is < 1000 or > 1_000_000)
                throw new ResourceException(F + ".period", $"must be between 1000 and 1000000 microseconds (got {period})");
            string max = quota > 0 ? CgroupValue.Num(quota) : "max";
            if (period != 0) max += " " + CgroupValue.Num(period);
            yield return new CgroupWrite("cpu", "cpu.max", max, F + (quota != 0 ? ".quota" : ".period"));
        }
    }

    /// <summary>
    /// runc's ConvertCPUSharesToCgroupV2Value: [2, 262144] → [1, 10000] linearly; 0 = unset. Values outside the
    /// v1 range are clamped first (Go's unsigned arithmetic would wrap for shares 1).
    /// </summary>
    public static ulong SharesToWeight(ulong shares)
    {
        if (shares == 0) return 0;
        shares = Math.Clamp(shares, 2UL, 262144UL);
        return 1 + (shares - 2) * 9999 / 262142;
    }
}
