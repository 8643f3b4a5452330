using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ocirt.Cli.Output;

/// <summary>
/// The runtime-spec features document (specs-go/features), only the parts ocirt fills. Properties are declared
/// in runc's field order; nulls are omitted like Go's omitempty pointers.
/// </summary>
public sealed record FeaturesDocument(
    [property: JsonPropertyName("ociVersionMin")] string OciVersionMin,
    [property: JsonPropertyName("ociVersionMax")] string OciVersionMax,
    [property: JsonPropertyName("hooks")] IReadOnlyList<string> Hooks,
    [property: JsonPropertyName("mountOptions")] IReadOnlyList<string> MountOptions,
    [property: JsonPropertyName("linux")] LinuxFeatures Linux,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations);

public sealed record LinuxFeatures(
    [property: JsonPropertyName("namespaces")] IReadOnlyList<string> Namespaces,
    [property: JsonPropertyName("capabilities")] IReadOnlyList<string> Capabilities,
    [property: JsonPropertyName("cgroup")] CgroupFeatures Cgroup,
    [property: JsonPropertyName("seccomp")] SeccompFeature Seccomp,
    [property: JsonPropertyName("apparmor")] EnabledFeature Apparmor,
    [property: JsonPropertyName("selinux")] EnabledFeature Selinux,
    [property: JsonPropertyName("mountExtensions")] MountExtensionsFeature MountExtensions);

/// <summary>specs-go features.MountExtensions: id-mapped mounts (containerd checks it before using them).</summary>
public sealed record MountExtensionsFeature([property: JsonPropertyName("idmap")] EnabledFeature Idmap);

public sealed record CgroupFeatures(
    [property: JsonPropertyName("v1")] bool V1,
    [property: JsonPropertyName("v2")] bool V2,
    [property: JsonPropertyName("systemd")] bool Systemd,
    [property: JsonPropertyName("systemdUser")] bool SystemdUser);

/// <summary>specs-go features.Seccomp, in its field order.</summary>
public sealed record SeccompFeature(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("actions")] IReadOnlyList<string>? Actions,
    [property: JsonPropertyName("operators")] IReadOnlyList<string>? Operators,
    [property: JsonPropertyName("archs")] IReadOnlyList<string>? Archs,
    [property: JsonPropertyName("knownFlags")] IReadOnlyList<string>? KnownFlags,
    [property: JsonPropertyName("supportedFlags")] IReadOnlyList<string>? SupportedFlags);

public sealed record EnabledFeature([property: JsonPropertyName("enabled")] bool Enabled);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeaturesDocument))]
internal sealed partial class FeaturesJsonContext : JsonSerializerContext
{
    // runc: json.MarshalIndent(v, "", "    ") + "\n". Relaxed escaping keeps '+' literal; no value holds < > &.
    public static readonly FeaturesJsonContext Indented = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    public static string Serialize(FeaturesDocument doc) => JsonSerializer.Serialize(doc, Indented.FeaturesDocument) + "\n";
}
