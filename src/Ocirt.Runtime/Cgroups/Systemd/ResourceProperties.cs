using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// linux.resources → the systemd unit properties that express them (runc's genV2ResourcesProperties), so
/// systemd's view of the unit matches the limits. The cgroup files are still written afterwards, as runc
/// does: systemd has no property for many of them, and the files are what the kernel enforces.
/// </summary>
public static class ResourceProperties
{
    /// <summary>systemd's USEC_INFINITY / CGROUP_LIMIT_MAX: "no limit" for every uint64 property here.</summary>
    public const ulong Infinity = ulong.MaxValue;
    private const ulong DefaultCpuPeriod = 100_000;
    private const string F = "linux.resources";

    public static List<UnitProperty> Map(LinuxResources? r)
    {
        var props = new List<UnitProperty>();
        if (r == null) return props;
        long limit = r.Memory?.Limit ?? 0, swap = r.Memory?.Swap ?? 0, reservation = r.Memory?.Reservation ?? 0;
        if (limit != 0) props.Add(U64("MemoryMax", unchecked((ulong)limit))); // -1 → infinity
        if (reservation != 0) props.Add(U64("MemoryLow", unchecked((ulong)reservation)));
        long swapV2 = MemoryMapping.SwapToV2(swap, limit);
        if (swapV2 != 0) props.Add(U64("MemorySwapMax", unchecked((ulong)swapV2)));
        ulong weight = CpuMapping.SharesToWeight(r.Cpu?.Shares ?? 0);
        if (weight != 0) props.Add(U64("CPUWeight", weight));
        AddCpuQuota(props, r.Cpu?.Quota ?? 0, r.Cpu?.Period ?? 0);
        long pids = r.Pids?.Limit ?? 0;
        if (pids > 0 || pids == -1) props.Add(U64("TasksMax", unchecked((ulong)pids)));
        if (!string.IsNullOrEmpty(r.Cpu?.Cpus)) props.Add(new("AllowedCPUs", new UnitValue.Bytes(RangeToBits(r.Cpu.Cpus, F + ".cpu.cpus"))));
        if (!string.IsNullOrEmpty(r.Cpu?.Mems)) props.Add(new("AllowedMemoryNodes", new UnitValue.Bytes(RangeToBits(r.Cpu.Mems, F + ".cpu.mems"))));
        ulong ioWeight = IoMapping.BlkioToIoWeight(r.BlockIO?.Weight ?? 0);
        if (ioWeight != 0) props.Add(U64("IOWeight", ioWeight));
        if (r.Unified != null) AddUnified(props, r.Unified);
        return props;
    }

    /// <summary>
    /// CPUQuotaPerSecUSec (+ CPUQuotaPeriodUSec): systemd keeps the quota as a whole percentage of a CPU, so a
    /// fraction is rounded up to the next 10 ms per second (runc's addCpuQuota), never below what was asked.
    /// </summary>
    public static void AddCpuQuota(List<UnitProperty> props, long quota, ulong period)
    {
        if (period != 0) props.Add(U64("CPUQuotaPeriodUSec", period));
        if (quota == 0 && period == 0) return;
        ulong perSec = Infinity;
        if (quota > 0)
        {
            ulong p = period == 0 ? DefaultCpuPeriod : period;
            perSec = (ulong)quota * 1_000_000 / p;
            if (perSec % 10_000 != 0) perSec = (perSec / 10_000 + 1) * 10_000;
        }
        props.Add(U64("CPUQuotaPerSecUSec", perSec));
    }

    /// <summary>linux.resources.unified keys systemd has a property for; the others go to the files only.</summary>
    private static void AddUnified(List<UnitProperty> props, Dictionary<string, string> unified)
    {
        foreach (string key in unified.Keys.Order(StringComparer.Ordinal))
        {
            string field = $"{F}.unified[\"{key}\"]";
            string v = unified[key].Trim();
            switch (key)
            {
                case "cpu.max":
                    string[] parts = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length is < 1 or > 2) throw new ResourceException(field, $"invalid value \"{v}\" (want \"quota [period]\")");
                    long quota = parts[0] == "max" ? 0 : ParseLong(parts[0], field);
                    ulong period = parts.Length == 2 ? ParseULong(parts[1], field) : DefaultCpuPeriod;
                    AddCpuQuota(props, quota, period);
                    break;
                case "cpu.weight":
                    props.Add(U64("CPUWeight", ParseULong(v, field)));
                    break;
                case "cpuset.cpus":
                    props.Add(new("AllowedCPUs", new UnitValue.Bytes(RangeToBits(v, field))));
                    break;
                case "cpuset.mems":
                    props.Add(new("AllowedMemoryNodes", new UnitValue.Bytes(RangeToBits(v, field))));
                    break;
                case "memory.high": case "memory.low": case "memory.min": case "memory.max": case "memory.swap.max":
                    props.Add(U64(MemoryPropertyOf(key), v == "max" ? Infinity : ParseULong(v, field)));
                    break;
                case "pids.max":
                    props.Add(U64("TasksMax", v == "max" ? Infinity : unchecked((ulong)ParseLong(v, field))));
                    break;
            }
        }
    }

    private static string MemoryPropertyOf(string key) => key switch
    {
        "memory.high" => "MemoryHigh",
        "memory.low" => "MemoryLow",
        "memory.min" => "MemoryMin",
        "memory.max" => "MemoryMax",
        _ => "MemorySwapMax",
    };

    /// <summary>
    /// A cpuset list ("0-3,8") as systemd's AllowedCPUs/AllowedMemoryNodes bitmask: byte 0 holds CPUs 0-7,
    /// lowest bit first (runc's RangeToBits).
    /// </summary>
    public static byte[] RangeToBits(string list, string field)
    {
        var bytes = new List<byte>();
        foreach (string raw in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) continue;
            int dash = raw.IndexOf('-');
            int from = ParseIndex(dash < 0 ? raw : raw[..dash], list, field);
            int to = dash < 0 ? from : ParseIndex(raw[(dash + 1)..], list, field);
            if (to < from) throw new ResourceException(field, $"invalid range \"{raw}\" in \"{list}\"");
            for (int bit = from; bit <= to; bit++)
            {
                while (bytes.Count <= bit / 8) bytes.Add(0);
                bytes[bit / 8] |= (byte)(1 << (bit % 8));
            }
        }
        return bytes.Count == 0 ? [0] : [.. bytes];
    }

    private static int ParseIndex(string s, string list, string field) =>
        int.TryParse(s, System.Globalization.NumberStyles.None, null, out int n) && n < 65536 ? n
            : throw new ResourceException(field, $"invalid cpuset list \"{list}\"");

    private static long ParseLong(string s, string field) =>
        long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, null, out long n) ? n
            : throw new ResourceException(field, $"invalid number \"{s}\"");

    private static ulong ParseULong(string s, string field) =>
        ulong.TryParse(s, System.Globalization.NumberStyles.None, null, out ulong n) ? n
            : throw new ResourceException(field, $"invalid number \"{s}\"");

    private static UnitProperty U64(string name, ulong value) => new(name, UnitValue.UInt64(value));
}
