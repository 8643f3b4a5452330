namespace Ocirt.Cli.Parsing;

/// <summary>One flag: its names (first is canonical, without dashes), and whether it takes a value.</summary>
public sealed record FlagSpec(string[] Names, string Usage, bool IsBool = false, bool Hidden = false)
{
    public string Name => Names[0];
    /// <summary>Shown in help as urfave/cli does: " (default: X)", X already quoted for strings.</summary>
    public string? Default { get; init; }
}

/// <summary>A subcommand: flags, argument count, and urfave/cli's argument handling.</summary>
public sealed record CommandSpec(string Name, string Usage, string ArgsUsage, FlagSpec[] Flags, int MinArgs, int MaxArgs)
{
    /// <summary>exec and ps: everything after the first positional is the command's (not reordered).</summary>
    public bool PassThroughAfterFirstArg { get; init; }
    public bool Hidden { get; init; }
    /// <summary>The container-id argument is validated (runc's validateID).</summary>
    public bool TakesId { get; init; } = true;
    /// <summary>Parsed and checked like runc, then refused: the runtime has no implementation yet.</summary>
    public bool NotImplemented { get; init; }
    public string? Description { get; init; }
    public string[] Aliases { get; init; } = [];
}
