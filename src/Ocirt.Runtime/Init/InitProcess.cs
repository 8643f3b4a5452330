using Ocirt.Runtime.Diagnostics;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Spawn;

namespace Ocirt.Runtime.Init;

/// <summary>
/// `ocirt init`: a fresh process already inside the container's namespaces (re-executed by the
/// spawn). Builds the container, reports ready, waits on exec.fifo for `start`, then execs the user
/// program, which keeps this PID. Everything runs on the main thread (capabilities, no_new_privs
/// and execve are per-thread).
/// </summary>
public static class InitProcess
{
    public static int Main(string[] args)
    {
        // execve made us dumpable again: close /proc/<pid>/exe (the host's ocirt) and our fds to the container.
        Libc.Prctl(Prctl.PR_SET_DUMPABLE, 0, 0, 0, 0);
        string? fdText = System.Environment.GetEnvironmentVariable(Spawner.ChannelFdVariable);
        if (fdText == null || !int.TryParse(fdText, out int fd))
        {
            StdStreams.ErrLine("ocirt init: internal command, run by ocirt create");
            return 1;
        }
        using var channel = new InitChannel(fd);
        InitConfig cfg;
        string exe;
        List<string> env;
        try
        {
            var msg = channel.Receive(30_000) ?? throw new OcirtException("init: the parent closed the channel");
            if (msg.Kind != InitChannel.Config) throw new OcirtException("init: expected the config");
            cfg = InitMessage.Decode(msg.Payload);
            var trace = new Diagnostics.StartupTrace(cfg.Trace);
            trace.Mark("init-start");
            var process = cfg.Spec.Process ?? throw new OcirtException("process: required");
            PrepareContainer(channel, cfg, process, trace);
            env = ProcessSetup.Environment(process);
            string cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
            exe = ExecutableLookup.Resolve(process.Args![0], env, cwd);
            if (cfg.CgroupToJoinAfterSetup != null) JoinCgroupAfterSetup(channel, cfg);
            trace.Mark("cgroup-join");
            ProcessSetup.Apply(process, cfg.Spec.Linux);
            // A listener must have its fd before the container runs, so such a filter goes in now (as runc).
            if (cfg.Seccomp is { Notifies: true } notifying) SendListener(channel, notifying, process);
            trace.Mark("process");
            // Dropped before ready, not after: create may read it, finish and exit before we would drop it.
            Libc.Prctl(Prctl.PR_SET_PDEATHSIG, 0, 0, 0, 0);
            channel.SendText(InitChannel.Ready, trace.Encode());
            AwaitCreated(channel);
        }
        catch (Exception e)
        {
            try { channel.SendText(InitChannel.Error, ErrorText.Of(e)); } catch { }
            return 1;
        }

        try
        {
            WaitForStart(cfg.FifoFd);
            RunStartContainerHooks(cfg, env);
            var filter = cfg.Seccomp is { Notifies: false } f ? f : null;
            ProcessSetup.FinishAndExec(cfg.Spec.Process!, filter, exe, cfg.Spec.Process!.Args!, env, cfg.PreserveFds);
        }
        catch (Exception e)
        {
            StdStreams.ErrLine(ErrorText.Of(e));
        }
        return 255;
    }

    /// <summary>
    /// Until create has saved the state, we die with it: by the parent-death signal (set before our exec) up to
    /// ready, then by the channel: EOF before 'D' (create killed) ends us instead of a parked orphan.
    /// </summary>
    private static void AwaitCreated(InitChannel channel)
    {
        var msg = channel.Receive();
        if (msg is not { Kind: InitChannel.Created }) System.Environment.Exit(1);
    }

    /// <summary>The container init: rootfs, hooks, pivot, kernel settings, console.</summary>
    private static void PrepareContainer(InitChannel channel, InitConfig cfg, Ocirt.Spec.Model.Process process, Diagnostics.StartupTrace trace)
    {
        Libc.Umask(0);
        // runc makes the init a session leader; it also detaches from ocirt's controlling terminal.
        Libc.Setsid();
        if (!cfg.NoNewKeyring) SessionKeyring.JoinNew(cfg.Id);
        bool ownMountNamespace = cfg.NewNamespaces.Contains("mount");
        RootfsSetup.Prepare(cfg, ownMountNamespace);
        trace.Mark("mounts");
        RunCreateHooks(channel, cfg);
        trace.Mark("hooks");
        if (ownMountNamespace)
        {
            RootfsSetup.SwitchRoot(cfg);
        }
        else
        {
            // exec.fifo is reopened through our own fd table, which the container's /proc may not show
            // (mounts[] without proc): keep a way to it from here, closed by the execve.
            _ownFds = Libc.Open("/proc/self/fd", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
            if (_ownFds < 0) throw new SyscallException("open /proc/self/fd", Errno.Last);
            Errno.Check(Libc.Chroot(cfg.Rootfs), $"chroot {cfg.Rootfs}");
            Errno.Check(Libc.Chdir("/"), "chdir /");
        }
        trace.Mark("pivot");
        RootfsSetup.Finish(cfg);
        if (process.Terminal) SendConsole(channel, process, bindDevConsole: true);
        trace.Mark("paths-hostname-sysctl-console");
    }

    /// <summary>
    /// Small memory limits: the parent moves us into the container's cgroup now that setup is done; what we
    /// allocated so far stays charged to the cgroup we were born in. The cgroup namespace is made only
    /// now, so that its root is the container's cgroup (while still privileged, before ProcessSetup.Apply).
    /// </summary>
    private static void JoinCgroupAfterSetup(InitChannel channel, InitConfig cfg)
    {
        channel.Send(InitChannel.JoinCgroup, []);
        var reply = channel.Receive() ?? throw new OcirtException("init: the parent closed the channel while joining the cgroup");
        if (reply.Kind != InitChannel.CgroupJoined) throw new OcirtException("init: unexpected reply to the cgroup join");
        if (cfg.NewNamespaces.Contains("cgroup")) Errno.Check(ForkSafeLibc.Unshare(Ns.CLONE_NEWCGROUP), "unshare cgroup namespace");
    }

    private static void SendListener(InitChannel channel, Seccomp.SeccompProgram filter, Ocirt.Spec.Model.Process process)
    {
        int listener = ProcessSetup.InstallFilter(filter, process.NoNewPrivileges);
        channel.Send(InitChannel.SeccompListener, []);
        FdPassing.Send(channel.Fd, listener, "seccomp");
        Libc.Close(listener);
    }

    private static void SendConsole(InitChannel channel, Ocirt.Spec.Model.Process process, bool bindDevConsole)
    {
        int master = Terminal.ContainerConsole.Setup(process.ConsoleSize, bindDevConsole);
        channel.Send(InitChannel.TerminalMaster, []);
        FdPassing.Send(channel.Fd, master, "/dev/ptmx");
        Libc.Close(master);
    }

    /// <summary>
    /// prestart + createRuntime run in the parent (runtime namespace), createContainer here (container
    /// namespaces): all after the mounts, before pivot_root, as runc.
    /// </summary>
    private static void RunCreateHooks(InitChannel channel, InitConfig cfg)
    {
        var hooks = cfg.Spec.Hooks;
        if (hooks == null) return;
        if (hooks.Prestart is { Count: > 0 } || hooks.CreateRuntime is { Count: > 0 })
        {
            channel.Send(InitChannel.RunHooks, []);
            var reply = channel.Receive() ?? throw new OcirtException("init: the parent closed the channel during hooks");
            if (reply.Kind != InitChannel.HooksDone) throw new OcirtException("init: unexpected reply to the hooks request");
        }
        Hooks.HookRunner.RunAll("createContainer", hooks.CreateContainer, HookStateHere(cfg, "creating"));
    }

    /// <summary>startContainer hooks: after start, before execve; a hook without env inherits process.env (runc).</summary>
    private static void RunStartContainerHooks(InitConfig cfg, List<string> env)
    {
        var hooks = cfg.Spec.Hooks?.StartContainer;
        if (hooks is not { Count: > 0 }) return;
        var withEnv = hooks.Select(h => h.Env == null ? h with { Env = env } : h).ToList();
        Hooks.HookRunner.RunAll("startContainer", withEnv, HookStateHere(cfg, "created"));
    }

    private static Hooks.HookState HookStateHere(InitConfig cfg, string status) => new()
    {
        Id = cfg.Id, Status = status, Pid = System.Environment.ProcessId, Bundle = cfg.Bundle, Annotations = cfg.Spec.Annotations,
    };

    /// <summary>/proc/self/fd of the mount namespace we chrooted from (no mount namespace of our own), else -1.</summary>
    private static int _ownFds = -1;

    /// <summary>Blocks opening exec.fifo for writing until `start` opens it for reading, then writes one byte.</summary>
    private static unsafe void WaitForStart(int fifoFd)
    {
        int fd;
        while ((fd = _ownFds >= 0
                   ? Libc.OpenAt(_ownFds, fifoFd.ToString(), OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0)
                   : Libc.Open($"/proc/self/fd/{fifoFd}", OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0)) < 0)
        {
            if (Errno.Last != Errno.EINTR) throw new SyscallException("open exec fifo", Errno.Last);
        }
        byte b = (byte)'0';
        if (Libc.Write(fd, &b, 1) != 1) throw new SyscallException("write exec fifo", Errno.Last);
        Libc.Close(fd);
        Libc.Close(fifoFd);
    }
}
