namespace Ocirt.Cli.Parsing;

/// <summary>Flag values by canonical name; repeated flags keep every value in order.</summary>
public sealed class ParsedFlags
{
    private readonly Dictionary<string, List<string>> _values = new();

    public void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
        list.Add(value);
    }

    public bool Has(string name) => _values.ContainsKey(name);
    public string? Get(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var l) ? l : [];

    public bool Bool(string name)
    {
        string? v = Get(name);
        if (v == null) return false;
        return v switch
        {
            "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
            "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
            _ => throw new UsageException($"invalid boolean value \"{v}\" for -{name}"),
        };
    }

    public int Int(string name, int fallback)
    {
        string? v = Get(name);
        if (v == null) return fallback;
        return int.TryParse(v, out int n) ? n : throw new UsageException($"invalid value \"{v}\" for flag -{name}: parse error");
    }
}

/// <summary>A command-line error (runc: exit 1, with usage hints).</summary>
public sealed class UsageException(string message, bool showUsage = false) : Exception(message)
{
    /// <summary>A flag error: urfave/cli prints "Incorrect Usage" and the help of the app or command on stdout.</summary>
    public bool ShowUsage { get; } = showUsage;
    /// <summary>The subcommand whose flags failed to parse; null for the global flags.</summary>
    public CommandSpec? Command { get; init; }
}
