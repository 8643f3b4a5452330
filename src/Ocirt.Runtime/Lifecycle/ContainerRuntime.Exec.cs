using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Spawn;
using Ocirt.Runtime.State;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    /// <summary>exec: every failure of ocirt itself exits 255 with "exec failed: ..." (runc).</summary>
    public int Exec(ExecRequest request)
    {
        try { return ExecCore(request); }
        catch (OcirtException e) when (e.ExitCode != 255) { throw new OcirtException("exec failed: " + e.Message, 255); }
    }

    /// <summary>The container's own process, the base that exec's command-line flags override (runc).</summary>
    public Ocirt.Spec.Model.Process ContainerProcess(string id)
    {
        CheckId(id);
        _store.Load(id); // "container does not exist" first
        return _store.LoadConfig(id).Process ?? new Ocirt.Spec.Model.Process();
    }

    private int ExecCore(ExecRequest request)
    {
        CheckId(request.Id);
        var s = _store.Load(request.Id);
        switch (StatusOf(s))
        {
            case "stopped": throw new OcirtException("cannot exec in a stopped container");
            case "paused" when !request.IgnorePaused:
                throw new OcirtException("cannot exec in a paused container (use --ignore-paused to override)");
        }
        var process = request.Process;
        if (process.Args is not { Count: > 0 }) throw new OcirtException("process.args: must not be empty");
        CheckTerminal(process.Terminal, request.Detach, request.ConsoleSocket);

        var containerSpec = _store.LoadConfig(s.Id);
        // The container's seccomp profile applies to every process in it (runc).
        var seccomp = Seccomp.SeccompProgram.For(containerSpec.Linux?.Seccomp, _store.Root);
        var listenerState = seccomp is { Notifies: true }
            ? new Hooks.HookState { Id = s.Id, Status = "running", Pid = s.InitPid, Bundle = s.Bundle, Annotations = s.Annotations }
            : null;
        // Every namespace the container has, joined through its init.
        var joins = (containerSpec.Linux?.Namespaces ?? [])
            .Select(n => (n.Type, $"/proc/{s.InitPid}/ns/{Ns.ProcName(n.Type)}"))
            .ToList();
        string containerRoot = $"/proc/{s.InitPid}/root";
        var env = new List<string>(process.Env ?? []);
        if (!env.Any(e => e.StartsWith("HOME="))) env.Add("HOME=" + ContainerFiles.HomeOf(containerRoot, process.User.Uid));

        using var consoleSocket = request.ConsoleSocket != null ? Terminal.ConsoleSocket.Connect(request.ConsoleSocket) : null;
        using var pidfdSocket = PidfdSocket.Connect(request.PidfdSocket);
        using var pty = process.Terminal ? Terminal.ContainerPty.Open(containerRoot, process.ConsoleSize) : null;
        string? cgroup = ExecCgroup(s, request.SubCgroup);
        bool frozen = cgroup != null && Cgroups.CgroupV2.IsFrozen(s.CgroupDir!);
        var exec = new ExecProcess(process, Init.ExecutableLookup.Candidates(process.Args[0], env, process.Cwd), env, pty?.Peer ?? -1, request.PreserveFds, seccomp, listenerState,
            containerSpec.Linux, JoinCgroupLate: frozen);
        var spawned = Spawner.Spawn(new SpawnRequest
        {
            Joins = joins,
            NewNamespaces = [],
            CgroupProcs = cgroup != null ? Path.Combine(cgroup, "cgroup.procs") : null,
            Exec = exec,
        });
        Libc.Close(spawned.ChannelFd);
        int pid = spawned.InitPid;
        Diagnostics.FaultPoint.Hit("exec-spawned");
        int master = -1;
        if (pty != null)
        {
            if (consoleSocket != null) consoleSocket.SendMaster(pty.Master);
            else master = Tty.Dup(pty.Master);
        }
        pidfdSocket?.Send(pid, "setns");
        if (request.PidFile != null) WritePidFile(request.PidFile, pid);
        if (request.Detach) return 0;
        try { return Supervise(pid, master, () => { }); }
        finally { if (master >= 0) Libc.Close(master); }
    }

    /// <summary>The container's cgroup, or its existing sub-cgroup named by --cgroup (refused if ".." climbs out, as runc).</summary>
    private static string? ExecCgroup(StoredState s, string? sub)
    {
        if (string.IsNullOrEmpty(sub)) return s.CgroupDir;
        if (s.CgroupDir == null) throw new OcirtException($"--cgroup {sub}: the container has no cgroup");
        string dir = Path.GetFullPath(Path.Join(s.CgroupDir, sub)).TrimEnd('/');
        if (!dir.StartsWith(s.CgroupDir.TrimEnd('/') + "/")) throw new OcirtException($"--cgroup {sub}: {sub} is not a sub cgroup path");
        if (!File.Exists(Path.Combine(dir, "cgroup.procs"))) throw new OcirtException($"--cgroup {sub}: no such sub-cgroup {dir}");
        return dir;
    }
}
