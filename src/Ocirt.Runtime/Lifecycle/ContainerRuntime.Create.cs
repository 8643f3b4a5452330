using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.Cgroups.Systemd;
using Ocirt.Runtime.Init;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Spawn;
using Ocirt.Runtime.State;
using Ocirt.Spec;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{

    public void Create(CreateRequest request) => CreateCore(request, detach: true).Dispose();

    /// <summary>A created container; for a foreground terminal run, also the pty master to proxy.</summary>
    private sealed record Created(StoredState State, int TerminalMaster) : IDisposable
    {
        public void Dispose() { if (TerminalMaster >= 0) Libc.Close(TerminalMaster); }
    }

    /// <summary>Builds the container up to the parked init. On any failure nothing is left behind.</summary>
    private Created CreateCore(CreateRequest request, bool detach)
    {
        CheckId(request.Id);
        var trace = new Diagnostics.StartupTrace(Options.Debug);
        string bundle = Path.GetFullPath(request.Bundle);
        var (spec, configBytes) = LoadSpec(bundle);
        trace.Mark("config");
        string rootfs = Path.GetFullPath(Path.Combine(bundle, spec.Root!.Path));
        if (!Directory.Exists(rootfs))
            throw new OcirtException($"rootfs ({rootfs}) does not exist (root.path in config.json)");
        KernelFsTargets.Check(spec, rootfs);
        CheckTerminal(spec.Process!.Terminal, detach, request.ConsoleSocket);
        SysctlPolicy.Check(spec);
        // Labels this host cannot apply are refused before anything exists.
        Security.LsmLabels.ExecWrites(spec.Process!, "process");
        Security.LsmLabels.CheckMountLabel(spec.Linux?.MountLabel);
        // Compiled before anything exists, so a profile libseccomp refuses leaves nothing behind.
        var seccomp = Seccomp.SeccompProgram.For(spec.Linux?.Seccomp, _store.Root);
        trace.Mark("seccomp");
        var (passedFds, passedEnv) = PassedFds.Resolve(request.PreserveFds, Environment.GetEnvironmentVariable);
        if (passedEnv.Count > 0)
            spec.Process = spec.Process with { Env = [.. (spec.Process.Env ?? []).Where(e => !e.StartsWith("LISTEN_")), .. passedEnv] };

        // --systemd-cgroup: the unit and its properties are worked out (and a bad one refused) before anything exists.
        var systemdUnit = Options.SystemdCgroup ? SystemdCgroupPath.Parse(spec.Linux?.CgroupsPath, request.Id) : null;
        var unitProperties = systemdUnit != null ? SystemdPlacement.Properties(systemdUnit, request.Id, spec) : null;
        var namespaces = spec.Linux?.Namespaces ?? [];
        // Plain loops: chained LINQ over iterators resolves generic virtual methods at run time (~0.1 ms in NativeAOT).
        var newNs = new List<string>();
        var joins = new List<(string Type, string Path)>();
        foreach (var n in namespaces)
        {
            if (string.IsNullOrEmpty(n.Path)) newNs.Add(n.Type);
            else joins.Add((n.Type, n.Path));
        }

        using var consoleSocket = request.ConsoleSocket != null ? Terminal.ConsoleSocket.Connect(request.ConsoleSocket) : null;
        using var pidfdSocket = PidfdSocket.Connect(request.PidfdSocket);
        _store.Claim(request.Id);
        // Held until create returns: a concurrent delete --force waits, then finds a container or what a killed create left.
        using var creating = _store.Lock(request.Id);
        string stateDir = _store.DirOf(request.Id);
        string? cgroupDir = null;
        bool cgroupCreated = false;
        SystemdPlacement? placement = null;
        int initPid = 0;
        int master = -1;
        try
        {
            string cgroupRoot = CgroupV2.FindRoot()
                ?? throw new OcirtException("no cgroup v2 hierarchy found at /sys/fs/cgroup or /sys/fs/cgroup/unified");
            if (systemdUnit != null)
            {
                new CreationRecord(cgroupRoot + systemdUnit.CgroupPath, CgroupCreated: false).Save(stateDir);
                placement = SystemdPlacement.Start(cgroupRoot, systemdUnit, unitProperties!);
                cgroupDir = placement.CgroupDir;
                // A scope empties itself when we die (systemd stops it); a slice we made needs delete --force.
                if (placement.Created) new CreationRecord(cgroupDir, CgroupCreated: false, SystemdUnit: systemdUnit.Unit).Save(stateDir);
                trace.Mark("systemd-unit");
            }
            else
            {
                cgroupDir = CgroupV2.Resolve(cgroupRoot, spec.Linux?.CgroupsPath, request.Id);
                // Recorded before it exists: if we are killed from here on, delete --force knows what to remove.
                new CreationRecord(cgroupDir, CgroupCreated: !Directory.Exists(cgroupDir)).Save(stateDir);
                cgroupCreated = CgroupV2.Create(cgroupDir);
            }
            // Mapped and validated now (a bad value fails before any process exists), written when the init reports.
            var resources = ContainerResources.Prepare(cgroupRoot, cgroupDir, spec);
            bool joinsLate = resources.InitJoinsAfterSetup;
            trace.Mark("cgroup");

            string fifo = _store.FifoOf(request.Id);
            Errno.Check(Libc.Mkfifo(fifo, 0b110_010_010 /* 0622 */), $"mkfifo {fifo}");
            // mkfifo is subject to our umask; the init, maybe a non-root user by then, must be able to write it.
            Errno.Check(Libc.Chmod(fifo, 0b110_010_010), $"chmod {fifo}");
            // The init opens it as the container's root, which in a user namespace is another host uid.
            Errno.Check(Libc.Chown(fifo, HostIdOfRoot(spec.Linux?.UidMappings), HostIdOfRoot(spec.Linux?.GidMappings)), $"chown {fifo}");
            // O_PATH without O_CLOEXEC: inherited by the init, which reopens it for writing after pivot_root.
            int fifoFd = Libc.Open(fifo, OpenFlags.O_PATH, 0);
            if (fifoFd < 0) throw new SyscallException($"open {fifo}", Errno.Last);

            SpawnResult spawned;
            var idMapFds = IdMapNamespaces.Create(spec);
            // The init as a fork of ocirt that builds the container from a plan, when it can; else `ocirt init`.
            string? reexecBecause = InitPlanBuilder.Unsupported(spec, bundle, newNs, request.NoPivot, joinsLate, seccomp, idMapFds.Count);
            var direct = reexecBecause == null
                ? new DirectInit(spec, request.Id, bundle, rootfs, fifoFd, passedFds, seccomp, request.NoNewKeyring, trace.Enabled)
                : null;
            trace.Note(reexecBecause == null ? "init: fork-safe (no re-exec)" : $"init: re-exec ({reexecBecause})");
            try
            {
                spawned = Spawner.Spawn(new SpawnRequest
                {
                    Joins = joins,
                    // A late joiner makes its cgroup namespace itself, once in the container's cgroup.
                    NewNamespaces = joinsLate ? newNs.Where(t => t != "cgroup").ToList() : newNs,
                    UidMap = IdMap(spec.Linux?.UidMappings),
                    GidMap = IdMap(spec.Linux?.GidMappings),
                    TimeOffsets = TimeOffsets(spec, newNs),
                    CgroupProcs = joinsLate ? null : Path.Combine(cgroupDir, "cgroup.procs"),
                    DirectInit = direct,
                    // Off the critical path (the init's namespaces and setup): nothing here needs the init.
                    WhileChildWorks = () =>
                    {
                        placement?.LeaveScope(); // the init holds the scope now
                        resources.LoadDeviceFilter();
                        _store.SaveConfig(request.Id, configBytes);
                    },
                });
            }
            finally
            {
                Libc.Close(fifoFd);
                foreach (int fd in idMapFds.Values) Libc.Close(fd);
            }
            initPid = spawned.InitPid;
            ulong initStartTime = ProcStat.Read(initPid)?.StartTime ?? 0;
            // A late cgroup joiner is outside the cgroup for now: delete --force needs its pid.
            if (joinsLate) new CreationRecord(cgroupDir, cgroupCreated, initPid, initStartTime, placement is { Created: true } ? placement.Unit.Unit : null).Save(stateDir);
            trace.Mark("spawn-namespaces");

            using var channel = new InitChannel(spawned.ChannelFd);
            var cfg = new InitConfig
            {
                // The init gets the compiled filter, not the profile (often the largest part of config.json).
                Id = request.Id, Spec = seccomp == null ? spec : spec with { Linux = spec.Linux! with { Seccomp = null } }, Bundle = bundle, Rootfs = rootfs, NoPivot = request.NoPivot,
                FifoFd = fifoFd, NewNamespaces = newNs, PreserveFds = passedFds, Trace = trace.Enabled, Seccomp = seccomp,
                IdMapFds = idMapFds.Count > 0 ? idMapFds : null, NoNewKeyring = request.NoNewKeyring,
                CgroupToJoinAfterSetup = joinsLate ? cgroupDir : null,
            };
            if (direct == null) channel.Send(InitChannel.Config, InitMessage.Encode(cfg, configBytes));
            master = AwaitReady(channel, initPid, request.Id, bundle, spec, consoleSocket, seccomp, resources, out string initPhases);
            trace.Mark("init");
            resources.ApplyOnce(); // before `start`: the limits (and the device filter) hold from the program's first instruction
            trace.Mark("limits");

            var state = new StoredState
            {
                Id = request.Id, InitPid = initPid, InitStartTime = initStartTime,
                Bundle = bundle, Rootfs = rootfs, Created = DateTimeOffset.UtcNow, Annotations = spec.Annotations,
                CgroupDir = cgroupDir, CgroupCreated = cgroupCreated, SystemdUnit = placement is { Created: true } ? placement.Unit.Unit : null,
                OwnPidNamespace = newNs.Contains("pid"),
                HasHooks = spec.Hooks != null,
            };
            pidfdSocket?.Send(initPid, "standard");
            _store.Save(state);
            if (request.PidFile != null) WritePidFile(request.PidFile, initPid);
            // Until this message the init dies with us (parent-death signal, then the channel's EOF).
            try { channel.Send(InitChannel.Created, []); }
            catch (SyscallException) { throw new OcirtException("unable to start container process: the container init exited during setup"); }
            placement?.Dispose();
            trace.Mark("state");
            trace.Flush();
            Diagnostics.StartupTrace.Log(initPhases, "init/");
            return new Created(state, master);
        }
        catch
        {
            if (master >= 0) Libc.Close(master);
            if (initPid > 0) { Libc.Kill(initPid, 9); Spawner.Reap(initPid); }
            if (placement != null)
            {
                placement.Abort(); // systemd stops the unit: what is left in it is killed, its cgroup removed
                placement.Dispose();
            }
            // Only a cgroup we made is ours to empty and remove; a pre-existing one is left as it was.
            if (cgroupCreated && cgroupDir != null && Directory.Exists(cgroupDir))
            {
                CgroupV2.KillAll(cgroupDir);
                try { CgroupV2.Remove(cgroupDir); } catch (OcirtException) { }
            }
            _store.Remove(request.Id);
            throw;
        }
    }

    /// <summary>
    /// Serves the init until it reports ready: hook requests and the pty master. Returns the master
    /// when it must be proxied (foreground), else -1 (it went to the console socket).
    /// </summary>
    private static int AwaitReady(InitChannel channel, int initPid, string id, string bundle, Ocirt.Spec.Model.Spec spec,
        Terminal.ConsoleSocket? consoleSocket, Seccomp.SeccompProgram? seccomp, ContainerResources resources, out string initPhases)
    {
        int master = -1;
        initPhases = "";
        try
        {
            while (true)
            {
                var reply = channel.Receive(60_000, () => ProcStat.Read(initPid) is { State: not 'Z' })
                    ?? throw new OcirtException("unable to start container process: the container init exited during setup");
                switch (reply.Kind)
                {
                    case InitChannel.Ready:
                        initPhases = System.Text.Encoding.UTF8.GetString(reply.Payload);
                        return master;
                    case InitChannel.Error:
                        throw new OcirtException("unable to start container process: " + System.Text.Encoding.UTF8.GetString(reply.Payload));
                    case InitChannel.RunHooks:
                        resources.ApplyOnce(); // runc: before prestart hooks, which may adjust the cgroup
                        var hookState = new Hooks.HookState { Id = id, Status = "creating", Pid = initPid, Bundle = bundle, Annotations = spec.Annotations };
                        Hooks.HookRunner.RunAll("prestart", spec.Hooks?.Prestart, hookState);
                        Hooks.HookRunner.RunAll("createRuntime", spec.Hooks?.CreateRuntime, hookState);
                        channel.Send(InitChannel.HooksDone, []);
                        break;
                    case InitChannel.JoinCgroup:
                        resources.ApplyOnce(); // limits first: the init is charged from the moment it joins
                        CgroupV2.Join(resources.Dir, initPid);
                        channel.Send(InitChannel.CgroupJoined, []);
                        break;
                    case InitChannel.SeccompListener:
                        int listener = FdPassing.Receive(channel.Fd);
                        try
                        {
                            var creating = new Hooks.HookState { Id = id, Status = "creating", Pid = initPid, Bundle = bundle, Annotations = spec.Annotations };
                            Seccomp.SeccompListener.Send(seccomp!, creating, listener);
                        }
                        finally { Libc.Close(listener); }
                        break;
                    case InitChannel.TerminalMaster:
                        master = FdPassing.Receive(channel.Fd);
                        if (consoleSocket != null)
                        {
                            consoleSocket.SendMaster(master);
                            Libc.Close(master);
                            master = -1;
                        }
                        break;
                    default:
                        throw new OcirtException($"init channel: unexpected message '{(char)reply.Kind}'");
                }
            }
        }
        catch
        {
            if (master >= 0) Libc.Close(master);
            throw;
        }
    }

    /// <summary>runc's checkTerminal: a detached terminal needs a console socket, and a console socket needs both.</summary>
    private static void CheckTerminal(bool terminal, bool detach, string? consoleSocket)
    {
        if (terminal && detach && consoleSocket == null)
            throw new OcirtException("cannot allocate tty if ocirt will detach without setting console socket");
        if (consoleSocket != null && (!detach || !terminal))
            throw new OcirtException("cannot use console socket if ocirt will not detach or allocate tty");
    }

    private static (Ocirt.Spec.Model.Spec, byte[]) LoadSpec(string bundle)
    {
        Ocirt.Spec.Model.Spec spec;
        byte[] bytes;
        string path = Path.Combine(bundle, "config.json");
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        { throw new OcirtException($"config.json not found: open {path}: no such file or directory"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new OcirtException($"read config.json: open {path}: {ErrorText.Of(e)}"); }
        try { spec = SpecLoader.Parse(bytes); }
        catch (SpecException e) { throw new OcirtException(e.Message); }
        var errors = SpecValidator.Validate(spec);
        if (errors.Count > 0) throw new OcirtException("invalid config.json: " + string.Join("; ", errors));
        return (spec, bytes);
    }

    private static uint HostIdOfRoot(List<Ocirt.Spec.Model.LinuxIdMapping>? maps) =>
        maps?.FirstOrDefault(m => m.ContainerId == 0)?.HostId ?? 0;

    private static string? IdMap(List<Ocirt.Spec.Model.LinuxIdMapping>? maps) =>
        maps is { Count: > 0 } ? string.Concat(maps.Select(m => $"{m.ContainerId} {m.HostId} {m.Size}\n")) : null;

    private static string? TimeOffsets(Ocirt.Spec.Model.Spec spec, List<string> newNs)
    {
        if (!newNs.Contains("time") || spec.Linux?.TimeOffsets is not { Count: > 0 } offsets) return null;
        return string.Concat(offsets.Select(o => $"{o.Key} {o.Value.Secs} {o.Value.Nanosecs}\n"));
    }

    /// <summary>The pid file: written atomically, no trailing newline (containerd reads it as is).</summary>
    private static void WritePidFile(string path, int pid)
    {
        try { AtomicFile.Write(Path.GetFullPath(path), System.Text.Encoding.ASCII.GetBytes(pid.ToString())); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new OcirtException($"write pid file {path}: {ErrorText.Of(e)}"); }
    }
}
