using System.Text.Json.Serialization;

namespace Ocirt.Runtime.Hooks;

/// <summary>The OCI state document a hook reads on stdin.</summary>
public sealed record HookState
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; set; } = Lifecycle.ContainerRuntime.SpecVersion;
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("pid")] public int Pid { get; set; }
    [JsonPropertyName("bundle")] public string Bundle { get; set; } = "";
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
}
