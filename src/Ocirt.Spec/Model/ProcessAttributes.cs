using System.Text.Json.Serialization;

namespace Ocirt.Spec.Model;

/// <summary>process.scheduler: sched_setattr(2) attributes.</summary>
public sealed record class Scheduler
{
    [JsonPropertyName("policy")] public string Policy { get; set; } = "";
    [JsonPropertyName("nice"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Nice { get; set; }
    [JsonPropertyName("priority"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Priority { get; set; }
    [JsonPropertyName("flags")] public List<string>? Flags { get; set; }
    [JsonPropertyName("runtime"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Runtime { get; set; }
    [JsonPropertyName("deadline"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Deadline { get; set; }
    [JsonPropertyName("period"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Period { get; set; }
}

/// <summary>process.ioPriority: ioprio_set(2) class and level.</summary>
public sealed record class LinuxIOPriority
{
    [JsonPropertyName("class")] public string Class { get; set; } = "";
    [JsonPropertyName("priority")] public int Priority { get; set; }
}

/// <summary>process.execCPUAffinity: CPU lists for the exec'd process before and after it joins the cgroup.</summary>
public sealed record class CpuAffinity
{
    [JsonPropertyName("initial")] public string? Initial { get; set; }
    [JsonPropertyName("final")] public string? Final { get; set; }
}
