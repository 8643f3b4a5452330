using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// Parent side of the spawn: prepares the plan, forks, places the child in its cgroup, writes the
/// id maps when asked, and returns the init's pid and the parent's end of the init channel.
/// </summary>
internal static unsafe class Spawner
{
    public const string ChannelFdVariable = "_OCIRT_INIT_FD";
    private const int ReplyTimeoutMs = 10_000;

    public static SpawnResult Spawn(SpawnRequest request)
    {
        int* sv = stackalloc int[2];
        Errno.Check(Libc.Socketpair(1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, sv), "socketpair");
        int parentFd = sv[0], childFd = sv[1];
        // Only the child's end crosses execve into the init.
        LibcFcntl.Fcntl(parentFd, LibcFcntl.F_SETFD, LibcFcntl.FD_CLOEXEC);

        var joinFds = new List<int>();
        using var native = new NativeStrings();
        try
        {
            SpawnPlan* plan = (SpawnPlan*)native.Alloc(sizeof(SpawnPlan));
            Prepare(plan, request, childFd, native, joinFds);
            plan->ParentFd = parentFd;
            plan->ParentPid = Environment.ProcessId;
            var cloneArgs = (CloneIntoCgroup.CloneArgs*)native.Alloc(sizeof(CloneIntoCgroup.CloneArgs));
            // exec into a frozen cgroup: born outside (a child born frozen could not set itself up), moved in at the end.
            bool joinLate = request.Exec is { JoinCgroupLate: true };
            int cgroupFd = joinLate ? -1 : OpenCgroup(request, joinFds);
            // The common case (nothing to join, no user or time namespace) needs no intermediate process: the child is
            // born as the init, PID 1 of its new PID namespace, and unshares the other namespaces itself.
            bool direct = cgroupFd >= 0 && request.Exec == null && request.Joins.Count == 0 && plan->NewUserNamespace == 0
                          && (plan->UnshareFlags & Ns.CLONE_NEWTIME) == 0;
            if (direct)
            {
                plan->IsInit = 1;
                plan->UnshareFlags &= ~Ns.CLONE_NEWPID;
            }
            if (cgroupFd >= 0)
                CloneIntoCgroup.Prepare(cloneArgs, cgroupFd, direct && request.NewNamespaces.Contains("pid") ? (ulong)Ns.CLONE_NEWPID : 0);

            // Born in the cgroup where the kernel can; else fork and write cgroup.procs (which also words any error).
            int pid = cgroupFd >= 0 ? CloneIntoCgroup.Fork(cloneArgs) : -1;
            if (pid < 0 && direct)
            {
                // clone3 refused (an old kernel, a seccomp filter around us): the intermediate child does it all.
                plan->IsInit = 0;
                if (request.NewNamespaces.Contains("pid")) plan->UnshareFlags |= Ns.CLONE_NEWPID;
            }
            bool placed = pid >= 0;
            if (!placed) pid = ForkSafeLibc.Fork();
            if (pid == 0) ForkSafeChild.Run(plan); // never returns
            if (pid < 0) throw new SyscallException("fork", *ForkSafeLibc.ErrnoLocation());

            Libc.Close(childFd);
            childFd = -1;
            try
            {
                Diagnostics.FaultPoint.Hit("spawn-forked");
                int initPid = Converse(pid, parentFd, request, placed || joinLate, isInit: plan->IsInit != 0);
                return new SpawnResult(initPid, parentFd);
            }
            catch
            {
                Libc.Kill(pid, 9);
                Reap(pid);
                throw;
            }
        }
        catch
        {
            Libc.Close(parentFd);
            throw;
        }
        finally
        {
            if (childFd >= 0) Libc.Close(childFd);
            foreach (int fd in joinFds) Libc.Close(fd);
        }
    }

    private static void Prepare(SpawnPlan* plan, SpawnRequest request, int childFd, NativeStrings native, List<int> joinFds)
    {
        plan->SyncFd = childFd;
        if (request.Joins.Count > SpawnPlan.MaxJoins) throw new OcirtException("linux.namespaces: too many namespaces to join");
        // A user namespace to join goes first: it grants the capabilities for the other setns calls.
        var ordered = request.Joins.OrderBy(j => j.Type == "user" ? 0 : 1).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            var (type, path) = ordered[i];
            int fd = Libc.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
            if (fd < 0) throw new SyscallException($"open {type} namespace path {path}", Errno.Last);
            joinFds.Add(fd);
            plan->JoinFds[i] = fd;
            plan->JoinTypes[i] = Ns.FlagOf(type);
            if (type == "user") plan->JoinsUserNamespace = 1;
        }
        plan->JoinCount = ordered.Count;

        int unshare = 0;
        foreach (string type in request.NewNamespaces)
        {
            if (type == "user") plan->NewUserNamespace = 1;
            else unshare |= Ns.FlagOf(type);
        }
        plan->UnshareFlags = unshare;

        if (!string.IsNullOrEmpty(request.TimeOffsets))
        {
            plan->TimeOffsets = native.String(request.TimeOffsets);
            plan->TimeOffsetsLength = System.Text.Encoding.UTF8.GetByteCount(request.TimeOffsets);
            plan->TimeOffsetsPath = native.String("/proc/self/timens_offsets");
        }

        if (request.Exec != null) plan->Process = ProcessPlanBuilder.Build(request.Exec, native);
        plan->ExePath = native.String("/proc/self/exe");
        plan->EmptyPath = native.String("");
        // exec runs the user program straight from the fork: no ocirt inside the container to seal.
        // The re-executed init runs from the sealed copy unless the binary is protected already (read-only or immutable).
        plan->ExeFd = request.Exec == null && request.DirectInit == null && !SealedExecutable.IsProtected() ? SealedExecutable.Open() : -1;
        if (request.DirectInit != null) plan->Init = InitPlanBuilder.Build(request.DirectInit, native);
        if (plan->ExeFd >= 0) joinFds.Add(plan->ExeFd); // closed with the others after the fork
        plan->Argv = native.Array(["ocirt", .. request.InitArgs]);
        plan->Envp = native.Array([$"{ChannelFdVariable}={childFd}", .. request.InitEnvironment]);
    }

    /// <summary>The cgroup directory for CLONE_INTO_CGROUP (closed with the join fds), or -1.</summary>
    private static int OpenCgroup(SpawnRequest request, List<int> fdsToClose)
    {
        if (request.CgroupProcs == null) return -1;
        int fd = Libc.Open(Path.GetDirectoryName(request.CgroupProcs)!, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
        if (fd >= 0) fdsToClose.Add(fd);
        return fd;
    }

    /// <summary>The parent's half of the spawn conversation; returns the init's pid.</summary>
    private static int Converse(int childPid, int fd, SpawnRequest request, bool inCgroup, bool isInit)
    {
        if (request.CgroupProcs != null && !inCgroup)
        {
            try { File.WriteAllText(request.CgroupProcs, childPid.ToString()); }
            catch (Exception e) { throw new OcirtException($"cannot join cgroup {Path.GetDirectoryName(request.CgroupProcs)}: {ErrorText.Of(e)}"); }
        }
        Send(fd, SpawnMessage.Go);
        Diagnostics.FaultPoint.Hit("spawn-go");
        request.WhileChildWorks?.Invoke();

        while (true)
        {
            var (tag, a, b) = Receive(fd, childPid);
            switch (tag)
            {
                case SpawnMessage.MapsNeeded:
                    WriteIdMaps(childPid, request);
                    Send(fd, SpawnMessage.MapsWritten);
                    break;
                case SpawnMessage.InitPid:
                    Diagnostics.FaultPoint.Hit("spawn-initpid");
                    if (isInit) return childPid; // the child execs ocirt init next: it is the container's init
                    Reap(childPid);
                    if (request.Exec != null) AwaitExec(fd, a, request);
                    return a;
                case SpawnMessage.Failed:
                    Reap(childPid);
                    throw new OcirtException($"{Describe((SpawnStep)a, request)}: {Errno.Text(b)}");
                default:
                    throw new OcirtException($"spawn: unexpected message {tag} from the child");
            }
        }
    }

    /// <summary>exec: EOF on the socket means execve succeeded (close-on-exec); a message means a step failed.</summary>
    private static void AwaitExec(int fd, int pid, SpawnRequest request)
    {
        var exec = request.Exec!;
        int* msg = stackalloc int[3];
        int got;
        while (true)
        {
            got = 0;
            while (got < 12)
            {
                var (n, passed) = FdPassing.ReceiveMaybeFd(fd, (byte*)msg + got, 12 - got);
                if (passed >= 0) RelayListener(fd, pid, passed, exec);
                if (n <= 0) break;
                got += n;
            }
            if (got == 12 && msg[0] == SpawnMessage.SeccompListener) continue; // relayed; the child goes on
            if (got == 12 && msg[0] == SpawnMessage.JoinCgroup)
            {
                // It freezes as it joins: its execve (and any error of it) happens when the container resumes.
                Cgroups.CgroupV2.Join(Path.GetDirectoryName(request.CgroupProcs!)!, pid);
                Send(fd, SpawnMessage.CgroupJoined);
                return;
            }
            break;
        }
        if (got == 0) return;
        Reap(pid);
        if (got < 12 || msg[0] != SpawnMessage.Failed) throw new OcirtException("exec: unexpected message from the child");
        throw new OcirtException(DescribeExec(msg[1], msg[2], exec));
    }

    /// <summary>SCMP_ACT_NOTIFY in exec: the listener goes to the agent with the state message, then the child continues.</summary>
    private static void RelayListener(int fd, int pid, int listener, ExecProcess exec)
    {
        try
        {
            if (exec.Seccomp is not { Notifies: true } filter || exec.ListenerState is not { } state)
                throw new OcirtException("exec: unexpected seccomp listener from the child");
            Seccomp.SeccompListener.Send(filter, state, listener, processPid: pid);
        }
        catch
        {
            Libc.Kill(pid, 9);
            throw;
        }
        finally { Libc.Close(listener); }
        Send(fd, SpawnMessage.ListenerSent);
    }

    private static string DescribeExec(int step, int errno, ExecProcess exec)
    {
        var process = exec.Process;
        string err = Errno.Text(errno);
        if (step >= (int)SpawnStep.ExecUser && step < (int)SpawnStep.NotFound + 100 * 64 && step % 100 == (int)SpawnStep.ExecUser)
            return $"exec {exec.Candidates[(step - (int)SpawnStep.ExecUser) / 100]}: {err}";
        if (step % 1000 == (int)SpawnStep.Rlimit && step > 1000)
        {
            var r = process.Rlimits![step / 1000 - 1];
            return $"setrlimit {r.Type} soft={r.Soft} hard={r.Hard} (process.rlimits[{step / 1000 - 1}]): {err}";
        }
        return (SpawnStep)step switch
        {
            SpawnStep.NotFound => $"exec: \"{process.Args![0]}\": executable file not found in $PATH",
            SpawnStep.Terminal => $"set up the terminal: {err}",
            SpawnStep.DropBounding => $"drop capabilities from the bounding set (process.capabilities.bounding): {err}",
            SpawnStep.SetGroups => $"setgroups (process.user.additionalGids): {err}",
            SpawnStep.SetGid => $"setgid {process.User.Gid} (process.user.gid): {err}",
            SpawnStep.SetUid => $"setuid {process.User.Uid} (process.user.uid): {err}",
            SpawnStep.Chdir => $"chdir to cwd (\"{process.Cwd}\") set in config.json: {err}",
            SpawnStep.Capset => $"capset (process.capabilities): {err}",
            SpawnStep.NoNewPrivileges => $"prctl(PR_SET_NO_NEW_PRIVS) (process.noNewPrivileges): {err}",
            SpawnStep.Seccomp => $"install the seccomp filter (linux.seccomp): {err}",
            SpawnStep.SeccompListener => $"hand the seccomp listener to the agent (linux.seccomp.listenerPath): {err}",
            SpawnStep.Personality => $"personality (linux.personality): {err}",
            SpawnStep.IoPriority => $"ioprio_set (process.ioPriority): {err}",
            SpawnStep.Scheduler => $"sched_setattr (process.scheduler): {err}",
            SpawnStep.SecurityLabel => $"apply the security label (process.apparmorProfile/selinuxLabel): {err}",
            SpawnStep.CwdOutsideRoot => $"current working directory (\"{process.Cwd}\") is outside of the container's root",
            _ => $"exec step {step}: {err}",
        };
    }

    private static void WriteIdMaps(int pid, SpawnRequest request)
    {
        // Written by the privileged parent: no need to deny setgroups.
        try
        {
            if (request.UidMap != null) File.WriteAllText($"/proc/{pid}/uid_map", request.UidMap);
            if (request.GidMap != null) File.WriteAllText($"/proc/{pid}/gid_map", request.GidMap);
        }
        catch (Exception e)
        {
            throw new OcirtException($"write user namespace id maps (linux.uidMappings/gidMappings): {ErrorText.Of(e)}");
        }
    }

    private static string Describe(SpawnStep step, SpawnRequest request)
    {
        int s = (int)step;
        if (s >= (int)SpawnStep.JoinNamespace * 100 && s < (int)SpawnStep.JoinNamespace * 100 + SpawnPlan.MaxJoins)
        {
            var ordered = request.Joins.OrderBy(j => j.Type == "user" ? 0 : 1).ToList();
            var (type, path) = ordered[s - (int)SpawnStep.JoinNamespace * 100];
            return $"setns into {type} namespace {path} (linux.namespaces)";
        }
        return step switch
        {
            SpawnStep.WaitForParent => "spawn: lost the parent",
            SpawnStep.UnshareUser => "unshare user namespace",
            SpawnStep.WaitForMaps => "spawn: waiting for id maps",
            SpawnStep.BecomeRoot => "setresuid/setresgid 0 in the user namespace",
            SpawnStep.UnshareNamespaces => $"unshare namespaces [{string.Join(" ", request.NewNamespaces)}]",
            SpawnStep.TimeOffsets => "write /proc/self/timens_offsets (linux.timeOffsets)",
            SpawnStep.CloneInit => "clone the container init",
            SpawnStep.ExecInit => "execute the container init (/proc/self/exe)",
            _ => $"spawn step {s}",
        };
    }

    private static void Send(int fd, int value)
    {
        if (Libc.Write(fd, (byte*)&value, sizeof(int)) != sizeof(int)) throw new SyscallException("spawn: write to child", Errno.Last);
    }

    /// <summary>Reads one 12-byte message, or fails if the child stays silent (see architecture.md: the rare GC-suspension hang).</summary>
    private static (int Tag, int A, int B) Receive(int fd, int childPid)
    {
        int* msg = stackalloc int[3];
        int got = 0;
        var deadline = Environment.TickCount64 + ReplyTimeoutMs;
        while (got < 12)
        {
            var pfd = new PollFd { Fd = fd, Events = 1 /* POLLIN */ };
            int wait = (int)Math.Max(0, deadline - Environment.TickCount64);
            int r = Libc.Poll(&pfd, 1, wait);
            if (r < 0 && Errno.Last == Errno.EINTR) continue;
            if (r == 0) throw new OcirtException($"spawn: the child (pid {childPid}) did not report within {ReplyTimeoutMs / 1000}s");
            nint n = Libc.Read(fd, (byte*)msg + got, (nuint)(12 - got));
            if (n < 0 && Errno.Last == Errno.EINTR) continue;
            if (n <= 0) throw new OcirtException("spawn: the child exited before reporting");
            got += (int)n;
        }
        return (msg[0], msg[1], msg[2]);
    }

    public static void Reap(int pid)
    {
        int status;
        while (Libc.Waitpid(pid, &status, 0) < 0 && Errno.Last == Errno.EINTR) { }
    }
}
