using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// `update`: what runc's update copies into the live config (memory, cpu, cpuset, blkio weight, pids, unified;
/// never devices), where 0/empty means "unchanged". Merge gives the resources to persist; Live gives what to write
/// now, completing the groups whose files depend on more than one field (cpu.max, memory swap).
/// </summary>
public static class ResourceUpdate
{
    public static LinuxResources Merge(LinuxResources? saved, LinuxResources delta)
    {
        var merged = saved is null ? new LinuxResources() : saved with { };
        var m = delta.Memory;
        if (m != null && HasMemory(m))
        {
            var old = merged.Memory ?? new LinuxMemory();
            merged.Memory = old with
            {
                Limit = NonZero(m.Limit) ?? old.Limit,
                Reservation = NonZero(m.Reservation) ?? old.Reservation,
                Swap = NonZero(m.Swap) ?? old.Swap,
                CheckBeforeUpdate = m.CheckBeforeUpdate ?? old.CheckBeforeUpdate,
            };
        }
        var c = delta.Cpu;
        if (c != null && HasCpu(c))
        {
            var old = merged.Cpu ?? new LinuxCpu();
            merged.Cpu = old with
            {
                Shares = NonZero(c.Shares) ?? old.Shares,
                // runc: quota and period set independently keep the other's old value.
                Quota = NonZero(c.Quota) ?? old.Quota,
                Period = NonZero(c.Period) ?? old.Period,
                Burst = c.Burst ?? old.Burst,
                Idle = c.Idle ?? old.Idle,
                RealtimeRuntime = NonZero(c.RealtimeRuntime) ?? old.RealtimeRuntime,
                RealtimePeriod = NonZero(c.RealtimePeriod) ?? old.RealtimePeriod,
                Cpus = string.IsNullOrEmpty(c.Cpus) ? old.Cpus : c.Cpus,
                Mems = string.IsNullOrEmpty(c.Mems) ? old.Mems : c.Mems,
            };
        }
        if (delta.BlockIO?.Weight is { } w and not 0)
            merged.BlockIO = (merged.BlockIO ?? new LinuxBlockIO()) with { Weight = w };
        if (delta.Pids?.Limit is { } p and not 0)
            merged.Pids = new LinuxPids { Limit = p };
        if (delta.Unified is { Count: > 0 } u)
        {
            var all = new Dictionary<string, string>(merged.Unified ?? []);
            foreach (var (k, v) in u) all[k] = v;
            merged.Unified = all;
        }
        return merged;
    }

    /// <summary>The resources to write now: only what the update names, with cpu.max and memory completed from merged.</summary>
    public static LinuxResources Live(LinuxResources merged, LinuxResources delta)
    {
        var live = new LinuxResources();
        if (delta.Memory is { } m && HasMemory(m)) live.Memory = merged.Memory;
        if (delta.Cpu is { } c && HasCpu(c))
        {
            bool max = NonZero(c.Quota) != null || NonZero(c.Period) != null;
            live.Cpu = new LinuxCpu
            {
                Shares = NonZero(c.Shares), Burst = c.Burst, Idle = c.Idle,
                Quota = max ? merged.Cpu?.Quota : null, Period = max ? merged.Cpu?.Period : null,
                RealtimeRuntime = c.RealtimeRuntime, RealtimePeriod = c.RealtimePeriod,
                Cpus = c.Cpus, Mems = c.Mems,
            };
        }
        if (delta.BlockIO?.Weight is { } w and not 0) live.BlockIO = new LinuxBlockIO { Weight = w };
        if (delta.Pids?.Limit is { } p and not 0) live.Pids = new LinuxPids { Limit = p };
        if (delta.Unified is { Count: > 0 }) live.Unified = delta.Unified;
        return live;
    }

    private static bool HasMemory(LinuxMemory m) => (m.Limit ?? 0) != 0 || (m.Reservation ?? 0) != 0 || (m.Swap ?? 0) != 0;

    private static bool HasCpu(LinuxCpu c) =>
        (c.Shares ?? 0) != 0 || (c.Quota ?? 0) != 0 || (c.Period ?? 0) != 0 || c.Burst != null || c.Idle != null
        || (c.RealtimeRuntime ?? 0) != 0 || (c.RealtimePeriod ?? 0) != 0 || !string.IsNullOrEmpty(c.Cpus) || !string.IsNullOrEmpty(c.Mems);

    private static long? NonZero(long? v) => v is 0 ? null : v;
    private static ulong? NonZero(ulong? v) => v is 0 ? null : v;
}
