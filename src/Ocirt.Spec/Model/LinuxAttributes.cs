using System.Text.Json.Serialization;

namespace Ocirt.Spec.Model;

/// <summary>linux.intelRdt (resctrl): enableCMT/enableMBM from 1.2, schemata/enableMonitoring from 1.3.</summary>
public sealed record class LinuxIntelRdt
{
    [JsonPropertyName("closID")] public string? ClosId { get; set; }
    [JsonPropertyName("schemata")] public List<string>? Schemata { get; set; }
    [JsonPropertyName("l3CacheSchema")] public string? L3CacheSchema { get; set; }
    [JsonPropertyName("memBwSchema")] public string? MemBwSchema { get; set; }
    [JsonPropertyName("enableCMT"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool EnableCmt { get; set; }
    [JsonPropertyName("enableMBM"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool EnableMbm { get; set; }
    [JsonPropertyName("enableMonitoring"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool EnableMonitoring { get; set; }
}

/// <summary>linux.personality: personality(2) domain (LINUX, LINUX32).</summary>
public sealed record class LinuxPersonality
{
    [JsonPropertyName("domain")] public string Domain { get; set; } = "";
    [JsonPropertyName("flags")] public List<string>? Flags { get; set; }
}

/// <summary>linux.memoryPolicy: set_mempolicy(2) mode, node list and flags.</summary>
public sealed record class LinuxMemoryPolicy
{
    [JsonPropertyName("mode")] public string Mode { get; set; } = "";
    [JsonPropertyName("nodes")] public string? Nodes { get; set; }
    [JsonPropertyName("flags")] public List<string>? Flags { get; set; }
}

/// <summary>A value of linux.netDevices (keyed by the host interface name).</summary>
public sealed record class LinuxNetDevice
{
    [JsonPropertyName("name")] public string? Name { get; set; }
}
