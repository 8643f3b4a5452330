using System.Text.Json.Serialization;

namespace Ocirt.Runtime.State;

/// <summary>state.json under &lt;root&gt;/&lt;id&gt;: what later commands need. Status is never stored.</summary>
public sealed record StoredState
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("initPid")] public int InitPid { get; set; }
    /// <summary>/proc/PID/stat field 22: detects a reused pid.</summary>
    [JsonPropertyName("initStartTime")] public ulong InitStartTime { get; set; }
    [JsonPropertyName("bundle")] public string Bundle { get; set; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; set; } = "";
    [JsonPropertyName("created")] public DateTimeOffset Created { get; set; }
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
    /// <summary>Absolute cgroup directory, or null when none was made.</summary>
    [JsonPropertyName("cgroupDir")] public string? CgroupDir { get; set; }
    /// <summary>Whether ocirt created the cgroup directory (and so removes it on delete).</summary>
    [JsonPropertyName("cgroupCreated")] public bool CgroupCreated { get; set; }
    /// <summary>--systemd-cgroup: the unit ocirt started for the container (stopped on delete), else null.</summary>
    [JsonPropertyName("systemdUnit")] public string? SystemdUnit { get; set; }
    [JsonPropertyName("ownPidNamespace")] public bool OwnPidNamespace { get; set; }
    /// <summary>Whether config.json has hooks: later commands parse the stored config only when they need it.</summary>
    [JsonPropertyName("hasHooks")] public bool HasHooks { get; set; }
}
