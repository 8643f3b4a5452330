using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ocirt.Spec;

/// <summary>config.json text as runc writes it: json.MarshalIndent(spec, "", "\t"), no trailing newline.</summary>
public static class SpecWriter
{
    private static readonly SpecJsonContext TabIndented = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    public static string ToJson(Model.Spec spec) => JsonSerializer.Serialize(spec, TabIndented.Spec);
}
