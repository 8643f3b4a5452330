using Ocirt.Runtime.Diagnostics;
using System.Diagnostics;
using Ocirt.Cli.Output;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli.Commands;

/// <summary>state, list, ps.</summary>
public static class QueryCommands
{
    public static int State(CliContext c)
    {
        StdStreams.Out(StateFormatter.Indented(c.Runtime.State(c.Id)));
        return 0;
    }

    public static int List(CliContext c)
    {
        // runc: a missing default root lists nothing; a missing explicit --root is an error.
        if (!Directory.Exists(c.Options.Root) && c.Globals.Has("root"))
            throw new OcirtException($"open {c.Options.Root}: no such file or directory");
        var states = c.Runtime.List();
        string format = c.Flags.Get("format") ?? "table";
        if (c.Flags.Bool("quiet"))
        {
            foreach (var s in states) StdStreams.Out(s.Id + "\n");
            return 0;
        }
        StdStreams.Out(format switch
        {
            "table" => StateFormatter.Table(states),
            "json" => StateFormatter.JsonList(states),
            _ => throw new OcirtException("invalid format option"),
        });
        return 0;
    }

    public static int Ps(CliContext c)
    {
        var pids = c.Runtime.Processes(c.Id);
        string format = c.Flags.Get("format") ?? "table";
        if (format == "json")
        {
            StdStreams.Out((pids.Count == 0 ? "null" : "[" + string.Join(",", pids) + "]") + "\n");
            return 0;
        }
        if (format != "table") throw new OcirtException("invalid format option");
        // Table: the host's ps (default -ef), keeping the header and the container's processes.
        var psArgs = c.Args.Count > 1 ? c.Args.Skip(1).ToList() : ["-ef"];
        var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in psArgs) info.ArgumentList.Add(a);
        using var ps = Process.Start(info) ?? throw new OcirtException("ps: cannot start");
        string[] lines = ps.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ps.WaitForExit();
        if (lines.Length == 0) return 0;
        int pidColumn = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "PID");
        if (pidColumn < 0) throw new OcirtException("couldn't find PID field in ps output");
        StdStreams.Out(lines[0] + "\n");
        foreach (string line in lines.Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > pidColumn && int.TryParse(f[pidColumn], out int pid) && pids.Contains(pid)) StdStreams.Out(line + "\n");
        }
        return 0;
    }
}
