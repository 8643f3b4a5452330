using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ocirt.Spec;

/// <summary>config.json text as runc writes it: json.MarshalIndent(spec, "", "\t"), no trailing newline.</summary>
public static class SpecWriter
{
    // Still source-generated: the options only change formatting. The relaxed encoder keeps '+' and
    // non-ASCII text literal, as Go does.
    private static readonly SpecJsonContext TabIndented = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string ToJson(Model.Spec spec) => JsonSerializer.Serialize(spec, TabIndented.Spec);
}
