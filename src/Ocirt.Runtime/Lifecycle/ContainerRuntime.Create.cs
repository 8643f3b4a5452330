using System.Text.Json;
using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.Init;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Spawn;
using Ocirt.Runtime.State;
using Ocirt.Spec;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{

    public void Create(CreateRequest request) => CreateCore(request);

    /// <summary>Builds the container up to the parked init. On any failure nothing is left behind.</summary>
    private StoredState CreateCore(CreateRequest request)
    {
        CheckId(request.Id);
        string bundle = Path.GetFullPath(request.Bundle);
        var spec = LoadSpec(bundle);
        string rootfs = Path.GetFullPath(Path.Combine(bundle, spec.Root!.Path));
        if (!Directory.Exists(rootfs))
            throw new OcirtException($"rootfs ({rootfs}) does not exist (root.path in config.json)");
        if (spec.Process!.Terminal)
            throw new OcirtException(request.ConsoleSocket == null
                ? "cannot allocate tty if ocirt will detach without setting console socket (process.terminal is true)"
                : "process.terminal: terminals are not supported yet (set process.terminal to false)");

        var namespaces = spec.Linux?.Namespaces ?? [];
        var newNs = namespaces.Where(n => string.IsNullOrEmpty(n.Path)).Select(n => n.Type).ToList();
        var joins = namespaces.Where(n => !string.IsNullOrEmpty(n.Path)).Select(n => (n.Type, n.Path!)).ToList();

        _store.Claim(request.Id);
        string? cgroupDir = null;
        bool cgroupCreated = false;
        int initPid = 0;
        try
        {
            string cgroupRoot = CgroupV2.FindRoot()
                ?? throw new OcirtException("no cgroup v2 hierarchy found at /sys/fs/cgroup or /sys/fs/cgroup/unified");
            cgroupDir = CgroupV2.Resolve(cgroupRoot, spec.Linux?.CgroupsPath, request.Id);
            cgroupCreated = CgroupV2.Create(cgroupDir);

            string fifo = _store.FifoOf(request.Id);
            Errno.Check(Libc.Mkfifo(fifo, 0b110_010_010 /* 0622 */), $"mkfifo {fifo}");
            // The init opens it as the container's root, which in a user namespace is another host uid.
            Errno.Check(Libc.Chown(fifo, HostIdOfRoot(spec.Linux?.UidMappings), HostIdOfRoot(spec.Linux?.GidMappings)), $"chown {fifo}");
            // O_PATH without O_CLOEXEC: inherited by the init, which reopens it for writing after pivot_root.
            int fifoFd = Libc.Open(fifo, OpenFlags.O_PATH, 0);
            if (fifoFd < 0) throw new SyscallException($"open {fifo}", Errno.Last);

            SpawnResult spawned;
            try
            {
                spawned = Spawner.Spawn(new SpawnRequest
                {
                    Joins = joins,
                    NewNamespaces = newNs,
                    UidMap = IdMap(spec.Linux?.UidMappings),
                    GidMap = IdMap(spec.Linux?.GidMappings),
                    TimeOffsets = TimeOffsets(spec, newNs),
                    CgroupProcs = Path.Combine(cgroupDir, "cgroup.procs"),
                });
            }
            finally { Libc.Close(fifoFd); }
            initPid = spawned.InitPid;

            using var channel = new InitChannel(spawned.ChannelFd);
            var cfg = new InitConfig
            {
                Id = request.Id, Spec = spec, Bundle = bundle, Rootfs = rootfs, NoPivot = request.NoPivot,
                FifoFd = fifoFd, NewNamespaces = newNs, PreserveFds = request.PreserveFds,
            };
            channel.Send(InitChannel.Config, JsonSerializer.SerializeToUtf8Bytes(cfg, RuntimeJsonContext.Default.InitConfig));
            int pid = initPid;
            var reply = channel.Receive(60_000, () => ProcStat.Read(pid) is { State: not 'Z' });
            if (reply?.Kind == InitChannel.RunHooks)
            {
                var hookState = new Hooks.HookState { Id = request.Id, Status = "creating", Pid = initPid, Bundle = bundle, Annotations = spec.Annotations };
                Hooks.HookRunner.RunAll("prestart", spec.Hooks?.Prestart, hookState);
                Hooks.HookRunner.RunAll("createRuntime", spec.Hooks?.CreateRuntime, hookState);
                channel.Send(InitChannel.HooksDone, []);
                reply = channel.Receive(60_000, () => ProcStat.Read(pid) is { State: not 'Z' });
            }
            if (reply == null) throw new OcirtException("unable to start container process: the container init exited during setup");
            if (reply.Value.Kind == InitChannel.Error)
                throw new OcirtException("unable to start container process: " + System.Text.Encoding.UTF8.GetString(reply.Value.Payload));

            var state = new StoredState
            {
                Id = request.Id, InitPid = initPid, InitStartTime = ProcStat.Read(initPid)?.StartTime ?? 0,
                Bundle = bundle, Rootfs = rootfs, Created = DateTimeOffset.UtcNow, Annotations = spec.Annotations,
                CgroupDir = cgroupDir, CgroupCreated = cgroupCreated, OwnPidNamespace = newNs.Contains("pid"), Config = spec,
            };
            _store.Save(state);
            if (request.PidFile != null) WritePidFile(request.PidFile, initPid);
            return state;
        }
        catch
        {
            if (initPid > 0) { Libc.Kill(initPid, 9); Spawner.Reap(initPid); }
            if (cgroupDir != null && Directory.Exists(cgroupDir))
            {
                CgroupV2.KillAll(cgroupDir);
                if (cgroupCreated) { try { CgroupV2.Remove(cgroupDir); } catch (OcirtException) { } }
            }
            _store.Remove(request.Id);
            throw;
        }
    }

    private static Ocirt.Spec.Model.Spec LoadSpec(string bundle)
    {
        Ocirt.Spec.Model.Spec spec;
        try { spec = SpecLoader.Load(Path.Combine(bundle, "config.json")); }
        catch (SpecException e) { throw new OcirtException(e.Message); }
        var errors = SpecChecks.Validate(spec);
        if (errors.Count > 0) throw new OcirtException("invalid config.json: " + string.Join("; ", errors));
        return spec;
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
        { throw new OcirtException($"write pid file {path}: {e.Message}"); }
    }
}
