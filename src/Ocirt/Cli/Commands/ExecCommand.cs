using System.Text.Json;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec;
using Ocirt.Spec.Model;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Cli.Commands;

/// <summary>exec: from -p process.json, or the container's process overridden by flags (runc's getProcess).</summary>
public static class ExecCommand
{
    public static int Run(CliContext c)
    {
        Process process;
        // Every failure of exec itself is 255 (runc), including a missing container.
        try { process = c.Flags.Get("process") is { } file ? FromFile(file) : FromFlags(c); }
        catch (OcirtException e) when (e.ExitCode != 255) { throw new OcirtException("exec failed: " + e.Message, 255); }
        return c.Runtime.Exec(new ExecRequest(
            c.Id, process, Detach: c.Flags.Bool("detach"), PidFile: c.AbsolutePath("pid-file"),
            ConsoleSocket: c.AbsolutePath("console-socket"), PreserveFds: c.Flags.Int("preserve-fds", 0),
            IgnorePaused: c.Flags.Bool("ignore-paused"), SubCgroup: SubCgroup(c.Flags.All("cgroup")),
            PidfdSocket: c.AbsolutePath("pidfd-socket")));
    }

    /// <summary>
    /// --cgroup [controller[,controller]:]path, repeatable (runc's getSubCgroupPaths). On cgroup v2 there is one
    /// hierarchy: every controller named must get the same path.
    /// </summary>
    public static string? SubCgroup(IReadOnlyList<string> values)
    {
        string? path = null;
        var controllers = new HashSet<string>();
        foreach (string v in values)
        {
            string[] parts = v.Split(':');
            if (parts.Length > 2) throw new OcirtException($"exec failed: invalid --cgroup argument: {v}", 255);
            if (parts.Length == 1 && values.Count != 1)
                throw new OcirtException($"exec failed: invalid --cgroup argument: {v} (missing <controller>: prefix)", 255);
            if (parts.Length == 2)
            {
                foreach (string ctrl in parts[0].Split(','))
                {
                    if (ctrl.Length == 0) throw new OcirtException($"exec failed: invalid --cgroup argument: {v} (empty <controller> prefix)", 255);
                    if (!controllers.Add(ctrl)) throw new OcirtException($"exec failed: invalid --cgroup argument(s): controller {ctrl} specified multiple times", 255);
                }
            }
            string p = parts[^1];
            if (path != null && path != p) throw new OcirtException($"exec failed: --cgroup: cgroup v2 has one hierarchy, but different sub-cgroups were given ({path}, {p})", 255);
            path = p;
        }
        return path;
    }

    private static Process FromFile(string path)
    {
        try
        {
            byte[] json = File.ReadAllBytes(path);
            return Ocirt.Spec.Parsing.FastSpecReader.TryReadProcess(json)
                   ?? JsonSerializer.Deserialize(json, SpecJsonContext.Default.Process)
                   ?? throw new OcirtException($"exec failed: {path}: empty process", 255);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new OcirtException($"exec failed: read --process {path}: {ErrorText.Of(e)}", 255);
        }
    }

    private static Process FromFlags(CliContext c)
    {
        if (c.Args.Count < 2) throw new OcirtException("exec failed: process args cannot be empty", 255);
        var baseProcess = c.Runtime.ContainerProcess(c.Id);
        var p = baseProcess with
        {
            Args = c.Args.Skip(1).ToList(),
            Terminal = c.Flags.Bool("tty"),
            ConsoleSize = null,
            Env = [.. baseProcess.Env ?? [], .. c.Flags.All("env")],
            Cwd = c.Flags.Get("cwd") ?? baseProcess.Cwd,
            NoNewPrivileges = baseProcess.NoNewPrivileges || c.Flags.Bool("no-new-privs"),
            User = baseProcess.User with { },
        };
        if (c.Flags.Get("user") is { } user)
        {
            string[] parts = user.Split(':');
            if (!uint.TryParse(parts[0], out uint uid) || (parts.Length > 1 && !uint.TryParse(parts[1], out _)))
                throw new OcirtException($"exec failed: --user {user}: must be <uid>[:<gid>]", 255);
            p.User = p.User with { Uid = uid, Gid = parts.Length > 1 ? uint.Parse(parts[1]) : p.User.Gid };
        }
        if (c.Flags.Has("additional-gids"))
        {
            var gids = new List<uint>();
            foreach (string g in c.Flags.All("additional-gids"))
                gids.Add(uint.TryParse(g, out uint v) ? v : throw new OcirtException($"exec failed: --additional-gids {g}: not a number", 255));
            p.User = p.User with { AdditionalGids = gids };
        }
        // Labels this host cannot apply are refused here, naming the flag (the config's are checked at create).
        if (c.Flags.Get("apparmor") is { } profile)
        {
            if (!Ocirt.Runtime.Security.LsmLabels.AppArmorEnabled())
                throw new OcirtException($"exec failed: --apparmor {profile}: AppArmor is not enabled on this host", 255);
            p.ApparmorProfile = profile;
        }
        if (c.Flags.Get("process-label") is { } label)
        {
            if (!Ocirt.Runtime.Security.LsmLabels.SelinuxEnabled())
                throw new OcirtException($"exec failed: --process-label {label}: SELinux is not enabled on this host", 255);
            p.SelinuxLabel = label;
        }
        if (c.Flags.Has("cap"))
        {
            var caps = p.Capabilities ?? new LinuxCapabilities();
            var add = c.Flags.All("cap");
            p.Capabilities = caps with
            {
                Bounding = [.. caps.Bounding ?? [], .. add],
                Effective = [.. caps.Effective ?? [], .. add],
                Permitted = [.. caps.Permitted ?? [], .. add],
            };
        }
        return p;
    }
}
