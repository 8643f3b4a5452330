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

    public static Model.Spec Parse(ReadOnlySpan<byte> json)
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
