namespace Ocirt.Cli.Parsing;

/// <summary>One flag: its names (first is canonical, without dashes), and whether it takes a value.</summary>
public sealed record FlagSpec(string[] Names, string Usage, bool IsBool = false, bool Hidden = false)
{
    public string Name => Names[0];
}

/// <summary>A subcommand: flags, argument count, and urfave/cli's argument handling.</summary>
public sealed record CommandSpec(string Name, string Usage, string ArgsUsage, FlagSpec[] Flags, int MinArgs, int MaxArgs)
{
    /// <summary>exec and ps: everything after the first positional is the command's (not reordered).</summary>
    public bool PassThroughAfterFirstArg { get; init; }
    public bool Hidden { get; init; }
    /// <summary>The container-id argument is validated (runc's validateID).</summary>
    public bool TakesId { get; init; } = true;
}
