using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli.Commands;

/// <summary>create, run, start, kill, delete, pause, resume.</summary>
public static class LifecycleCommands
{
    public static CreateRequest CreateRequestOf(CliContext c) => new(
        Id: c.Id,
        Bundle: Path.GetFullPath(c.Flags.Get("bundle") ?? Directory.GetCurrentDirectory()),
        PidFile: c.AbsolutePath("pid-file"),
        ConsoleSocket: c.AbsolutePath("console-socket"),
        NoPivot: c.Flags.Bool("no-pivot"),
        NoNewKeyring: c.Flags.Bool("no-new-keyring"),
        PreserveFds: c.Flags.Int("preserve-fds", 0),
        PidfdSocket: c.AbsolutePath("pidfd-socket"));

    public static int Create(CliContext c)
    {
        c.Runtime.Create(CreateRequestOf(c));
        return 0;
    }

    public static int Run(CliContext c) => c.Runtime.Run(new RunRequest(
        CreateRequestOf(c), Detach: c.Flags.Bool("detach"), Keep: c.Flags.Bool("keep"), NoSubreaper: c.Flags.Bool("no-subreaper")));

    public static int Start(CliContext c)
    {
        c.Runtime.Start(c.Id);
        return 0;
    }

    public static int Kill(CliContext c)
    {
        int signal = 15;
        try
        {
            if (c.Args.Count > 1) signal = SignalNames.Parse(c.Args[1]);
        }
        catch (Parsing.UsageException)
        {
            c.Runtime.State(c.Id); // runc loads the container first: a missing one is the error to report
            throw;
        }
        c.Runtime.Kill(c.Id, signal, c.Flags.Bool("all"));
        return 0;
    }

    public static int Delete(CliContext c)
    {
        c.Runtime.Delete(c.Id, c.Flags.Bool("force"));
        return 0;
    }

    public static int Pause(CliContext c)
    {
        c.Runtime.Pause(c.Id);
        return 0;
    }

    public static int Resume(CliContext c)
    {
        c.Runtime.Resume(c.Id);
        return 0;
    }
}
