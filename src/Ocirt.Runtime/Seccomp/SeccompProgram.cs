using System.Text.Json.Serialization;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Seccomp;

/// <summary>A compiled linux.seccomp, ready for seccomp(SECCOMP_SET_MODE_FILTER): what the init and exec install.</summary>
public sealed record SeccompProgram
{
    /// <summary>struct sock_filter[]: 8 bytes an instruction.</summary>
    [JsonPropertyName("bpf")] public byte[] Bpf { get; init; } = [];
    [JsonPropertyName("flags")] public uint Flags { get; init; }
    [JsonPropertyName("listenerPath")] public string? ListenerPath { get; init; }
    [JsonPropertyName("listenerMetadata")] public string? ListenerMetadata { get; init; }

    [JsonIgnore] public bool Notifies => (Flags & SeccompNumbers.FlagNewListener) != 0;

    /// <summary>Compiles (or reuses the cached compilation of) a profile; null when there is none.</summary>
    public static SeccompProgram? For(LinuxSeccomp? profile, string stateRoot)
    {
        if (profile == null) return null;
        bool notify = SeccompNumbers.UsesNotify(profile);
        return new SeccompProgram
        {
            Bpf = SeccompCache.GetOrCompile(profile, stateRoot),
            Flags = SeccompNumbers.Flags(profile.Flags, notify),
            ListenerPath = notify ? profile.ListenerPath : null,
            ListenerMetadata = notify ? profile.ListenerMetadata : null,
        };
    }
}
