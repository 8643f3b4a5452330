using Ocirt.Cli.Logging;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli;

/// <summary>What a command handler gets: its parsed flags and arguments, the runtime, the log.</summary>
public sealed class CliContext(ParsedCommand parsed, RuntimeOptions options, CliLog log)
{
    public ParsedFlags Flags => parsed.Flags;
    public ParsedFlags Globals => parsed.Globals;
    public List<string> Args => parsed.Args;
    public CommandSpec Command => parsed.Command!;
    public RuntimeOptions Options { get; } = options;
    public CliLog Log { get; } = log;
    public ContainerRuntime Runtime => _runtime ??= new ContainerRuntime(Options);
    private ContainerRuntime? _runtime;

    public string Id => Args[0];

    /// <summary>A path flag made absolute against the caller's cwd (runc does this before chdir to the bundle).</summary>
    public string? AbsolutePath(string flag) => Flags.Get(flag) is { } p ? Path.GetFullPath(p) : null;
}
