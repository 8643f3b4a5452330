using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>linux.resources.memory → memory.swap.max, memory.max, memory.low (runc fs2 setMemory, in its order).</summary>
public static class MemoryMapping
{
    private const string F = "linux.resources.memory";

    public static IEnumerable<CgroupWrite> Map(LinuxMemory? m)
    {
        long limit = m?.Limit ?? 0, swap = m?.Swap ?? 0, reservation = m?.Reservation ?? 0;
        if (limit == 0 && swap == 0 && reservation == 0) yield break; // Docker's "memory":{} writes nothing
        if (limit < -1) throw new ResourceException(F + ".limit", $"invalid memory value: {limit}");
        long swapV2 = SwapToV2(swap, limit);
        string? swapStr = CgroupValue.NumToStr(swapV2);
        // swap == limit: no swap at all ("0"), which numToStr would turn into "leave alone".
        if (swapStr == null && swapV2 == 0 && swap > 0) swapStr = "0";
        if (swapStr != null)
            yield return new CgroupWrite("memory", "memory.swap.max", swapStr, F + ".swap", OptionalIfMissing: swapStr is "max" or "0");
        if (CgroupValue.NumToStr(limit) is { } max)
            yield return new CgroupWrite("memory", "memory.max", max, F + ".limit", OptionalIfMissing: max == "max");
        if (CgroupValue.NumToStr(reservation) is { } low)
            yield return new CgroupWrite("memory", "memory.low", low, F + ".reservation", OptionalIfMissing: low == "max");
    }

    /// <summary>
    /// runc's ConvertMemorySwapToCgroupV2Value: the spec's swap is memory+swap (cgroup v1), v2's memory.swap.max
    /// is swap alone. -1 stays unlimited; an unlimited memory with unset swap means both unlimited.
    /// </summary>
    public static long SwapToV2(long swap, long limit)
    {
        if (limit == -1 && swap == 0) return -1;
        if (swap is -1 or 0) return swap;
        if (limit is 0 or -1) throw new ResourceException(F + ".swap", "unable to set swap limit without memory limit");
        if (limit < 0) throw new ResourceException(F + ".limit", $"invalid memory value: {limit}");
        if (swap < limit) throw new ResourceException(F + ".swap", $"memory+swap limit should be >= memory limit ({swap} < {limit})");
        return swap - limit;
    }

    /// <summary>checkBeforeUpdate (runc CheckMemoryUsage): refuse a limit at or below what is already used.</summary>
    public static void CheckUsage(LinuxMemory? m, ulong currentUsage)
    {
        if (m?.CheckBeforeUpdate != true || m.Limit is not { } limit || limit <= 0) return;
        if (currentUsage >= (ulong)limit)
            throw new ResourceException(F + ".limit", $"rejecting memory limit {limit} below current usage {currentUsage}");
    }
}
