using Ocirt.Cli.Commands;
using Ocirt.Cli.Logging;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Diagnostics;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli;

/// <summary>Parse → validate → run the command → map failures to runc's exit codes and log lines.</summary>
public static class Dispatcher
{
    public static int Execute(string[] argv)
    {
        CliLog log = new(null, "text");
        string commandName = "";
        try
        {
            var parsed = ArgParser.Parse(argv);
            log = new CliLog(parsed.Globals.Get("log"), parsed.Globals.Get("log-format") ?? "text");
            RuntimeLog.Sink = log.Write;
            RuntimeLog.DebugEnabled = parsed.Globals.Bool("debug");
            if (parsed.Globals.Has("criu")) StdStreams.ErrLine("WARNING: --criu ignored (criu binary from $PATH is used); do not use");
            if (parsed.Globals.Bool("version")) return InfoCommands.PrintVersion();
            if (parsed.Command == null || parsed.Globals.Bool("help")) return InfoCommands.Help(null);
            var command = parsed.Command;
            commandName = command.Name;
            if (parsed.Flags.Bool("help")) return InfoCommands.Help(command.Name);
            CheckArgs(command, parsed.Args);
            if (command.Name is "create" or "run" or "exec") Runtime.Spawn.SealedExecutable.ReexecIfWritable(argv);
            if (command.Name is "create" or "run" && BundleShorthand.Resolve(parsed.Args[0]) is { } shorthand)
            {
                parsed.Args[0] = shorthand.Id;
                parsed.Flags.Add("bundle", shorthand.Bundle);
                if (command.Name == "create" || parsed.Flags.Bool("detach")) StdStreams.ErrLine(shorthand.Id);
            }
            if (command.TakesId && parsed.Args.Count > 0) CheckId(parsed.Args[0], command.Name);
            var options = new RuntimeOptions(RootOf(parsed.Globals), parsed.Globals.Bool("systemd-cgroup"), RuntimeLog.DebugEnabled);
            return Run(new CliContext(parsed, options, log));
        }
        catch (UsageException e)
        {
            // urfave/cli v1: "Incorrect Usage: <err>" + the command's help, or "Incorrect Usage. <err>" + the app's.
            if (e.ShowUsage)
                StdStreams.Out(e.Command is { } cmd
                    ? $"Incorrect Usage: {e.Message}\n\n{Output.HelpText.Command(cmd)}"
                    : $"Incorrect Usage. {e.Message}\n\n{InfoCommands.AppHelp()}");
            Fail(log, e.Message);
            return e.Message.StartsWith("No help topic") ? 3 : 1;
        }
        catch (OcirtException e)
        {
            Fail(log, e.Message);
            return e.ExitCode;
        }
        catch (Exception e)
        {
            // Anything unforeseen is still a one-line error and runc's exit code, never a .NET crash dump.
            if (RuntimeLog.DebugEnabled) log.Write("debug", e.ToString());
            string text = Ocirt.Runtime.Diagnostics.ErrorText.Of(e);
            Fail(log, commandName == "exec" ? "exec failed: " + text : text);
            return commandName == "exec" ? 255 : 1;
        }
    }

    private static int Run(CliContext c) => c.Command.NotImplemented
        ? NotImplemented(c)
        : c.Command.Name switch
    {
        "create" => LifecycleCommands.Create(c),
        "run" => LifecycleCommands.Run(c),
        "start" => LifecycleCommands.Start(c),
        "kill" => LifecycleCommands.Kill(c),
        "delete" => LifecycleCommands.Delete(c),
        "pause" => LifecycleCommands.Pause(c),
        "resume" => LifecycleCommands.Resume(c),
        "state" => QueryCommands.State(c),
        "list" => QueryCommands.List(c),
        "ps" => QueryCommands.Ps(c),
        "exec" => ExecCommand.Run(c),
        "update" => UpdateCommand.Run(c),
        "events" => EventsCommand.Run(c),
        "spec" => SpecCommand.Run(c),
        "features" => InfoCommands.Features(),
        "check" => CheckCommand.Run(c),
        "help" => InfoCommands.Help(c.Args.FirstOrDefault()),
        string other => throw new OcirtException($"{other} is not implemented yet"),
    };

    /// <summary>
    /// runc loads the container before anything else, so a missing one answers "container does not exist"
    /// (what the shim matches on); restore makes a new container and has nothing to load.
    /// </summary>
    private static int NotImplemented(CliContext c)
    {
        if (c.Command.TakesId && c.Command.Name != "restore") c.Runtime.State(c.Id);
        throw new OcirtException($"ocirt: {c.Command.Name} is not implemented yet");
    }

    /// <summary>runc's error path: the log line, plus plain text on stderr when the log goes elsewhere.</summary>
    private static void Fail(CliLog log, string message)
    {
        log.Write("error", message);
        if (!log.ToStderr) StdStreams.ErrLine(message);
    }

    private static void CheckArgs(CommandSpec c, List<string> args)
    {
        string? problem =
            c.MinArgs == c.MaxArgs && args.Count != c.MinArgs ? $"exactly {c.MinArgs}" :
            args.Count < c.MinArgs ? $"a minimum of {c.MinArgs}" :
            args.Count > c.MaxArgs ? $"a maximum of {c.MaxArgs}" : null;
        if (problem == null) return;
        StdStreams.Out("Incorrect Usage.\n\n" + Output.HelpText.Command(c));
        throw new UsageException($"ocirt: \"{c.Name}\" requires {problem} argument(s)");
    }

    /// <summary>runc's validateID; exec reports every failure as "exec failed: ..." with exit 255.</summary>
    public static void CheckId(string id, string command = "")
    {
        if (BundleShorthand.IsValidId(id)) return;
        throw command == "exec"
            ? new OcirtException("exec failed: invalid container ID format", 255)
            : new OcirtException("invalid container ID format");
    }

    /// <summary>--root: default /run/ocirt ($XDG_RUNTIME_DIR/ocirt for non-root), made absolute, "/" refused.</summary>
    public static string RootOf(ParsedFlags globals)
    {
        string root = globals.Get("root") ?? DefaultRoot();
        root = Path.GetFullPath(root);
        if (root == "/") throw new OcirtException("Option --root argument should not be set to /");
        return root.TrimEnd('/');
    }

    public static string DefaultRoot() =>
        DefaultRoot(Runtime.Interop.Identity.Euid, Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"));

    /// <summary>runc's rule: a non-root caller with $XDG_RUNTIME_DIR keeps its state there.</summary>
    public static string DefaultRoot(uint euid, string? xdgRuntimeDir) =>
        euid != 0 && !string.IsNullOrEmpty(xdgRuntimeDir) ? Path.Combine(xdgRuntimeDir, "ocirt") : "/run/ocirt";
}
