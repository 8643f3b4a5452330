using System.Text.Json;
using System.Text.Json.Serialization;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// runtime-spec "seccomp listener": connects to linux.seccomp.listenerPath and sends one message,
/// the container process state (JSON) with the notify fd attached (SCM_RIGHTS), as runc does.
/// </summary>
public static class SeccompListener
{
    public const string SeccompFdName = "seccompFd";

    /// <param name="processPid">the filtered process (the init, or an exec'd one); state.pid stays the init's</param>
    public static void Send(SeccompProgram filter, Hooks.HookState state, int listenerFd, int processPid = 0)
    {
        var message = new ContainerProcessState
        {
            Pid = processPid > 0 ? processPid : state.Pid, Metadata = filter.ListenerMetadata, State = state,
        };
        int socket = UnixStream.Connect(filter.ListenerPath!, "linux.seccomp.listenerPath");
        try
        {
            FdPassing.Send(socket, listenerFd, JsonSerializer.Serialize(message, SeccompJsonContext.Default.ContainerProcessState));
        }
        finally { Libc.Close(socket); }
    }
}

/// <summary>specs-go ContainerProcessState.</summary>
public sealed record ContainerProcessState
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; set; } = Lifecycle.ContainerRuntime.SpecVersion;
    [JsonPropertyName("fds")] public List<string> Fds { get; set; } = [SeccompListener.SeccompFdName];
    [JsonPropertyName("pid")] public int Pid { get; set; }
    [JsonPropertyName("metadata")] public string? Metadata { get; set; }
    [JsonPropertyName("state")] public Hooks.HookState State { get; set; } = new();
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerProcessState))]
internal sealed partial class SeccompJsonContext : JsonSerializerContext;
