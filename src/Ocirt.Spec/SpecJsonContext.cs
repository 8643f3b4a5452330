using System.Text.Json.Serialization;
using Ocirt.Spec.Model;

namespace Ocirt.Spec;

/// <summary>Source-generated (reflection-free) JSON metadata for the runtime-spec model.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Model.Spec))]
[JsonSerializable(typeof(Model.Process))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
