using System.Text.Json.Serialization;
using Ocirt.Spec.Model;

namespace Ocirt.Spec;

/// <summary>
/// Source-generated (reflection-free) JSON metadata for the runtime-spec model. Property names match
/// case-insensitively because Go's encoding/json (runc) does; unknown fields are ignored.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Model.Spec))]
[JsonSerializable(typeof(Model.Process))]
[JsonSerializable(typeof(LinuxResources))]
[JsonSerializable(typeof(LinuxSeccomp))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
