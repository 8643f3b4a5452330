using System.Text.Json.Serialization;

namespace Ocirt.Runtime;

/// <summary>Source-generated JSON for the runtime's own documents (state, hook state).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(State.StoredState))]
[JsonSerializable(typeof(Hooks.HookState))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
