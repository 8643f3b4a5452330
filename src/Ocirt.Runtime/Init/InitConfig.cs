using System.Text.Json.Serialization;

namespace Ocirt.Runtime.Init;

/// <summary>What the parent sends the init over the channel: the config plus runtime decisions.</summary>
public sealed record InitConfig
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("spec")] public Ocirt.Spec.Model.Spec Spec { get; set; } = new();
    [JsonPropertyName("bundle")] public string Bundle { get; set; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; set; } = "";
    [JsonPropertyName("noPivot")] public bool NoPivot { get; set; }
    [JsonPropertyName("fifoFd")] public int FifoFd { get; set; } = -1;
    [JsonPropertyName("newNamespaces")] public List<string> NewNamespaces { get; set; } = [];
    /// <summary>linux.seccomp compiled by the parent (the init never loads libseccomp).</summary>
    [JsonPropertyName("seccomp")] public Seccomp.SeccompProgram? Seccomp { get; set; }
    /// <summary>mounts[index] → inherited fd of the user namespace holding its id mapping.</summary>
    [JsonPropertyName("idMapFds")] public Dictionary<int, int>? IdMapFds { get; set; }
    /// <summary>--no-new-keyring: keep the caller's session keyring instead of a fresh "_ses.&lt;id&gt;".</summary>
    [JsonPropertyName("noNewKeyring")] public bool NoNewKeyring { get; set; }
    [JsonPropertyName("preserveFds")] public int PreserveFds { get; set; }
    /// <summary>Time the init's phases and send them back with "ready" (--debug).</summary>
    [JsonPropertyName("trace")] public bool Trace { get; set; }
}
