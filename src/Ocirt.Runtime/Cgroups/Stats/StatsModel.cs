using System.Text.Json.Serialization;

namespace Ocirt.Runtime.Cgroups.Stats;

// runc's types/events.go, field for field: Go's `omitempty` on a number/slice/map is WhenWritingDefault here;
// fields without it (and nested structs, which Go never omits) are always written.

/// <summary>One line of `events`: {"type":"stats"|"oom","id":...,"data":{...}}.</summary>
public sealed class ContainerEvent
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Stats? Data { get; set; }
}

public sealed class Stats
{
    [JsonPropertyName("cpu")] public Cpu Cpu { get; set; } = new();
    [JsonPropertyName("cpuset")] public CpuSet CpuSet { get; set; } = new();
    [JsonPropertyName("memory")] public Memory Memory { get; set; } = new();
    [JsonPropertyName("pids")] public Pids Pids { get; set; } = new();
    [JsonPropertyName("blkio")] public Blkio Blkio { get; set; } = new();
    [JsonPropertyName("hugetlb")] public SortedDictionary<string, Hugetlb> Hugetlb { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("intel_rdt")] public IntelRdt IntelRdt { get; set; } = new();
    [JsonPropertyName("network_interfaces"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public List<NetworkInterface>? NetworkInterfaces { get; set; }
}

public sealed class Cpu
{
    [JsonPropertyName("usage")] public CpuUsage Usage { get; set; } = new();
    [JsonPropertyName("throttling")] public Throttling Throttling { get; set; } = new();
    [JsonPropertyName("psi"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PsiStats? Psi { get; set; }
}

public sealed class CpuUsage
{
    /// <summary>Nanoseconds, as every cpu time here.</summary>
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Total { get; set; }
    [JsonPropertyName("percpu"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ulong>? Percpu { get; set; }
    [JsonPropertyName("percpu_kernel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ulong>? PercpuKernel { get; set; }
    [JsonPropertyName("percpu_user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ulong>? PercpuUser { get; set; }
    [JsonPropertyName("kernel")] public ulong Kernel { get; set; }
    [JsonPropertyName("user")] public ulong User { get; set; }
}

public sealed class Throttling
{
    [JsonPropertyName("periods"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Periods { get; set; }
    [JsonPropertyName("throttledPeriods"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong ThrottledPeriods { get; set; }
    [JsonPropertyName("throttledTime"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong ThrottledTime { get; set; }
}

public sealed class CpuSet
{
    [JsonPropertyName("cpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ushort>? Cpus { get; set; }
    [JsonPropertyName("cpu_exclusive")] public ulong CpuExclusive { get; set; }
    [JsonPropertyName("mems"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ushort>? Mems { get; set; }
    [JsonPropertyName("mem_hardwall")] public ulong MemHardwall { get; set; }
    [JsonPropertyName("mem_exclusive")] public ulong MemExclusive { get; set; }
    [JsonPropertyName("memory_migrate")] public ulong MemoryMigrate { get; set; }
    [JsonPropertyName("memory_spread_page")] public ulong MemorySpreadPage { get; set; }
    [JsonPropertyName("memory_spread_slab")] public ulong MemorySpreadSlab { get; set; }
    [JsonPropertyName("memory_pressure")] public ulong MemoryPressure { get; set; }
    [JsonPropertyName("sched_load_balance")] public ulong SchedLoadBalance { get; set; }
    [JsonPropertyName("sched_relax_domain_level")] public long SchedRelaxDomainLevel { get; set; }
}

public sealed class MemoryEntry
{
    [JsonPropertyName("limit")] public ulong Limit { get; set; }
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Usage { get; set; }
    [JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Max { get; set; }
    [JsonPropertyName("failcnt")] public ulong Failcnt { get; set; }
}

public sealed class Memory
{
    [JsonPropertyName("cache"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Cache { get; set; }
    [JsonPropertyName("usage")] public MemoryEntry Usage { get; set; } = new();
    [JsonPropertyName("swap")] public MemoryEntry Swap { get; set; } = new();
    [JsonPropertyName("kernel")] public MemoryEntry Kernel { get; set; } = new();
    [JsonPropertyName("kernelTCP")] public MemoryEntry KernelTcp { get; set; } = new();
    [JsonPropertyName("raw"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public SortedDictionary<string, ulong>? Raw { get; set; }
    [JsonPropertyName("psi"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PsiStats? Psi { get; set; }
}

public sealed class Pids
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Current { get; set; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Limit { get; set; }
}

public sealed class BlkioEntry
{
    [JsonPropertyName("major"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Major { get; set; }
    [JsonPropertyName("minor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Minor { get; set; }
    [JsonPropertyName("op"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Op { get; set; }
    [JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Value { get; set; }
}

public sealed class Blkio
{
    [JsonPropertyName("ioServiceBytesRecursive"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<BlkioEntry>? IoServiceBytesRecursive { get; set; }
    [JsonPropertyName("ioServicedRecursive"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<BlkioEntry>? IoServicedRecursive { get; set; }
    [JsonPropertyName("psi"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public PsiStats? Psi { get; set; }
}

public sealed class Hugetlb
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Usage { get; set; }
    [JsonPropertyName("max"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Max { get; set; }
    [JsonPropertyName("failcnt")] public ulong Failcnt { get; set; }
}

/// <summary>Intel RDT is not supported: always the empty object runc prints without it.</summary>
public sealed class IntelRdt;

public sealed class NetworkInterface
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

public sealed class PsiData
{
    [JsonPropertyName("avg10"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public double Avg10 { get; set; }
    [JsonPropertyName("avg60"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public double Avg60 { get; set; }
    [JsonPropertyName("avg300"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public double Avg300 { get; set; }
    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Total { get; set; }
}

public sealed class PsiStats
{
    [JsonPropertyName("some")] public PsiData Some { get; set; } = new();
    [JsonPropertyName("full")] public PsiData Full { get; set; } = new();
}

/// <summary>Source-generated JSON for events (compact, one object per line like Go's json.Encoder).</summary>
[JsonSerializable(typeof(ContainerEvent))]
public sealed partial class StatsJsonContext : JsonSerializerContext;
