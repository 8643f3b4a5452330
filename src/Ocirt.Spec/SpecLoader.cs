using System.Text.Json;

namespace Ocirt.Spec;

public static class SpecLoader
{
    /// <summary>Reads and parses config.json (no semantic validation; see SpecValidator).</summary>
    public static Model.Spec Load(string configPath)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(configPath); }
        catch (FileNotFoundException) { throw new SpecException($"config.json not found: open {configPath}: no such file or directory"); }
        catch (DirectoryNotFoundException) { throw new SpecException($"config.json not found: open {configPath}: no such file or directory"); }
        return Parse(bytes);
    }

    /// <summary>Parses config.json: the hand-written reader, or the deserializer for anything it leaves (errors included).</summary>
    public static Model.Spec Parse(ReadOnlySpan<byte> json) => Parsing.FastSpecReader.TryRead(json) ?? ParseWithDeserializer(json);

    /// <summary>The source-generated deserializer alone: the reference the fast reader is tested against, and every error message.</summary>
    public static Model.Spec ParseWithDeserializer(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, SpecJsonContext.Default.Spec)
                   ?? throw new SpecException("config.json: empty document");
        }
        catch (JsonException e)
        {
            string where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path.TrimStart('$', '.')}";
            throw new SpecException($"config.json: invalid JSON{where}: {JsonErrorText.Describe(e)}");
        }
    }
}
