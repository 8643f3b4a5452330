using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// THE FORK-SAFE ZONE. Runs in the child of fork() of a multi-threaded .NET process, up to execve.
/// Rules (reviewed like crypto): no allocation, no strings, no exceptions, no statics with
/// initialisers, no locks; only ForkSafeLibc calls on memory prepared in <see cref="SpawnPlan"/>.
/// Single-threaded here, so setns(mnt/user) and unshare(CLONE_NEWUSER) are allowed.
/// </summary>
internal static unsafe class ForkSafeChild
{
    public static void Run(SpawnPlan* plan)
    {
        int fd = plan->SyncFd;
        DieWithParent(plan);
        // Our copy of the parent's end would hide the parent's death from every read below.
        ForkSafeLibc.Close(plan->ParentFd);

        // Wait until the parent has placed us in the container's cgroup: everything we create inherits it.
        if (Receive(fd) != SpawnMessage.Go) Fail(fd, SpawnStep.WaitForParent, 0);

        // Join existing namespaces first (a user namespace to join is ordered first by the parent).
        for (int i = 0; i < plan->JoinCount; i++)
        {
            if (ForkSafeLibc.Setns(plan->JoinFds[i], plan->JoinTypes[i]) != 0)
                Fail(fd, (SpawnStep)((int)SpawnStep.JoinNamespace * 100 + i), *ForkSafeLibc.ErrnoLocation());
        }

        if (plan->NewUserNamespace != 0)
        {
            if (ForkSafeLibc.Unshare(Ns.CLONE_NEWUSER) != 0) Fail(fd, SpawnStep.UnshareUser, *ForkSafeLibc.ErrnoLocation());
            Send(fd, SpawnMessage.MapsNeeded, 0, 0);
            if (Receive(fd) != SpawnMessage.MapsWritten) Fail(fd, SpawnStep.WaitForMaps, 0);
        }

        if (plan->NewUserNamespace != 0 || plan->JoinsUserNamespace != 0)
        {
            // Become root of the user namespace, so that the init keeps its capabilities across execve.
            if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresgid, 0, 0, 0, 0, 0) != 0 || ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresuid, 0, 0, 0, 0, 0) != 0)
                Fail(fd, SpawnStep.BecomeRoot, *ForkSafeLibc.ErrnoLocation());
            DieWithParent(plan); // a change of euid clears the parent-death signal
        }

        if (plan->UnshareFlags != 0 && ForkSafeLibc.Unshare(plan->UnshareFlags) != 0)
            Fail(fd, SpawnStep.UnshareNamespaces, *ForkSafeLibc.ErrnoLocation());

        if (plan->TimeOffsetsLength > 0)
        {
            // Our euid changed above (setresuid in the user namespace), which made us non-dumpable:
            // our /proc files then belong to the host's root and this write would be refused.
            ForkSafeLibc.Prctl(Prctl.PR_SET_DUMPABLE, 1, 0, 0, 0);
            int tfd = ForkSafeLibc.Open(plan->TimeOffsetsPath, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
            if (tfd < 0 || ForkSafeLibc.Write(tfd, plan->TimeOffsets, (nuint)plan->TimeOffsetsLength) != plan->TimeOffsetsLength)
                Fail(fd, SpawnStep.TimeOffsets, *ForkSafeLibc.ErrnoLocation());
            ForkSafeLibc.Close(tfd);
        }

        // Not dumpable from here (inherited by the clone): the container's processes must not open its
        // /proc/<pid>/exe (the host's ocirt binary, CVE-2019-5736) or its fds. Not earlier: a
        // non-dumpable process's /proc files belong to the host's root, so timens_offsets above would
        // be refused in a user namespace. We are not in the container's PID namespace ourselves.
        ForkSafeLibc.Prctl(Prctl.PR_SET_DUMPABLE, 0, 0, 0, 0);

        if (plan->IsInit != 0)
        {
            // Born by clone3 as the init itself (in the cgroup, PID 1 of its PID namespace): the parent knows our pid.
            Send(fd, SpawnMessage.InitPid, 0, 0);
            if (plan->Init != null) ForkSafeInit.Run(fd, plan->Init); // never returns
            ExecInit(fd, plan); // never returns
        }

        // The go-ahead for the clone: EOF on this pipe once we have written InitPid and exited.
        int* gate = stackalloc int[2];
        if (ForkSafeLibc.Syscall(SYS_pipe2, (long)gate, OpenFlags.O_CLOEXEC, 0, 0, 0) != 0)
            Fail(fd, SpawnStep.CloneInit, *ForkSafeLibc.ErrnoLocation());

        // The init is created as our sibling (CLONE_PARENT): a direct child of the ocirt parent,
        // and PID 1 when a PID namespace was unshared above.
        long pid = ForkSafeLibc.Syscall(ForkSafeLibc.SYS_clone, Ns.CLONE_PARENT | Ns.SIGCHLD, 0, 0, 0, 0);
        if (pid == 0)
        {
            DieWithParent(plan); // a clone does not inherit it
            // Nothing of ours may overtake InitPid on the shared socket (the parent reads it first): wait until
            // the intermediate, our sibling, has written it and exited.
            ForkSafeLibc.Close(gate[1]);
            byte b;
            while (ForkSafeLibc.Read(gate[0], &b, 1) < 0 && *ForkSafeLibc.ErrnoLocation() == Errno.EINTR) { }
            ForkSafeLibc.Close(gate[0]);
            if (plan->Process != null) RunProcess(fd, plan->Process); // never returns
            if (plan->Init != null) ForkSafeInit.Run(fd, plan->Init); // never returns
            ExecInit(fd, plan);
        }
        if (pid < 0) Fail(fd, SpawnStep.CloneInit, *ForkSafeLibc.ErrnoLocation());

        Send(fd, SpawnMessage.InitPid, (int)pid, 0);
        ForkSafeLibc.Exit(0); // closes the gate's write end: the init goes on
    }

    /// <summary>
    /// Until create has finished, the container's processes die with the ocirt that spawned them (SIGKILL on its
    /// death). The kernel fires it on the death of the forking *thread*: Spawn runs on ocirt's main thread, which
    /// lives as long as the process. If the parent died before this call, we were already reparented: exit. In a
    /// new PID namespace getppid() is 0 and tells nothing; there the channel's EOF catches a dead parent.
    /// </summary>
    private static void DieWithParent(SpawnPlan* plan)
    {
        ForkSafeLibc.Prctl(Prctl.PR_SET_PDEATHSIG, 9 /* SIGKILL */, 0, 0, 0);
        long ppid = ForkSafeLibc.Syscall(SYS_getppid, 0, 0, 0, 0, 0);
        if (ppid != 0 && ppid != plan->ParentPid) ForkSafeLibc.Exit(1);
    }

    /// <summary>Becomes `ocirt init` (from the sealed read-only binary when there is one); reports the errno otherwise.</summary>
    private static void ExecInit(int fd, SpawnPlan* plan)
    {
        if (plan->ExeFd >= 0)
            ForkSafeLibc.Syscall(ForkSafeLibc.SYS_execveat, plan->ExeFd, (long)plan->EmptyPath, (long)plan->Argv, (long)plan->Envp, 0x1000 /* AT_EMPTY_PATH */);
        else
            ForkSafeLibc.Execve(plan->ExePath, plan->Argv, plan->Envp);
        Fail(fd, SpawnStep.ExecInit, *ForkSafeLibc.ErrnoLocation());
    }

    /// <summary>
    /// exec: we are in every namespace of the container (and in its root, through setns(mnt)).
    /// Applies the process attributes in runc's order, then execve's the first candidate that exists.
    /// </summary>
    private static void RunProcess(int fd, ProcessPlan* p)
    {
        ResetSignals();
        if (p->TerminalFd >= 0)
        {
            ForkSafeLibc.Setsid();
            for (int i = 0; i <= 2; i++)
                if (ForkSafeLibc.Dup2(p->TerminalFd, i) < 0) Fail(fd, SpawnStep.Terminal, *ForkSafeLibc.ErrnoLocation());
            if (ForkSafeLibc.Ioctl(0, Tty.TIOCSCTTY, 0) != 0) Fail(fd, SpawnStep.Terminal, *ForkSafeLibc.ErrnoLocation());
        }
        for (int i = 0; i < p->RlimitCount; i++)
        {
            if (ForkSafeLibc.Setrlimit(p->RlimitResources[i], &p->RlimitValues[i * 2]) != 0)
                Fail(fd, (SpawnStep)((int)SpawnStep.Rlimit + 1000 * (i + 1)), *ForkSafeLibc.ErrnoLocation());
        }
        int kerr = 0;
        SpawnStep kstep = ApplyKernelAttributes(&p->Kernel, &kerr);
        if (kstep != 0) Fail(fd, kstep, kerr);
        if (p->DropBoundingValid != 0)
        {
            for (int c = 0; c < 64; c++)
            {
                if ((p->DropBounding & (1UL << c)) == 0) continue;
                if (ForkSafeLibc.Prctl(Prctl.PR_CAPBSET_DROP, (ulong)c, 0, 0, 0) != 0)
                    Fail(fd, SpawnStep.DropBounding, *ForkSafeLibc.ErrnoLocation());
            }
        }
        ForkSafeLibc.Prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0);
        if (p->SetGroups != 0 && ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setgroups, p->GroupCount, (long)p->Groups, 0, 0, 0) != 0)
            Fail(fd, SpawnStep.SetGroups, *ForkSafeLibc.ErrnoLocation());
        if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresgid, p->Gid, p->Gid, p->Gid, 0, 0) != 0) Fail(fd, SpawnStep.SetGid, *ForkSafeLibc.ErrnoLocation());
        if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresuid, p->Uid, p->Uid, p->Uid, 0, 0) != 0) Fail(fd, SpawnStep.SetUid, *ForkSafeLibc.ErrnoLocation());
        if (ForkSafeLibc.Chdir(p->Cwd) != 0) Fail(fd, SpawnStep.Chdir, *ForkSafeLibc.ErrnoLocation());
        if (!CwdIsInsideRoot()) Fail(fd, SpawnStep.CwdOutsideRoot, 0);
        ForkSafeLibc.Prctl(Prctl.PR_SET_KEEPCAPS, 0, 0, 0, 0);
        // Everything above the preserved fds (the spawn socket included) closes on execve; done before
        // the filter, which might refuse close_range.
        ForkSafeLibc.Syscall(Libc.SYS_close_range, 3 + p->PreserveFds, uint.MaxValue, 4 /* CLOSE_RANGE_CLOEXEC */, 0, 0);
        for (int i = 0; i < p->LabelCount; i++)
        {
            int lfd = ForkSafeLibc.Open(p->LabelPaths[i], OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
            nuint len = 0;
            while (p->LabelContents[i][len] != 0) len++;
            if (lfd < 0 || ForkSafeLibc.Write(lfd, p->LabelContents[i], len) != (nint)len)
                Fail(fd, SpawnStep.SecurityLabel, *ForkSafeLibc.ErrnoLocation());
            ForkSafeLibc.Close(lfd);
        }
        // The exec'd program outlives `ocirt exec` (-d, or a killed ocirt): no parent-death signal across execve.
        // Dropped here, before the parent may stop waiting for us (at JoinCgroup, or at the EOF of our execve);
        // from here a dead parent shows as EOF at the reads below.
        ForkSafeLibc.Prctl(Prctl.PR_SET_PDEATHSIG, 0, 0, 0, 0);
        if (p->JoinCgroupLate != 0)
        {
            // Born outside the container's frozen cgroup (so that the setup above could run); once moved in
            // we freeze right here and go on to execve when the container is resumed.
            Send(fd, SpawnMessage.JoinCgroup, 0, 0);
            if (Receive(fd) != SpawnMessage.CgroupJoined) Fail(fd, SpawnStep.JoinCgroup, 0);
        }
        if (p->Seccomp.Length > 0)
        {
            int r = InstallSeccomp(&p->Seccomp);
            if (r < 0) Fail(fd, SpawnStep.Seccomp, -r);
            if ((p->Seccomp.Flags & 8 /* SECCOMP_FILTER_FLAG_NEW_LISTENER */) != 0)
            {
                // The parent hands the listener to the agent; notified syscalls must not start before.
                if (!SendWithFd(fd, SpawnMessage.SeccompListener, r)) Fail(fd, SpawnStep.SeccompListener, *ForkSafeLibc.ErrnoLocation());
                ForkSafeLibc.Close(r);
                if (Receive(fd) != SpawnMessage.ListenerSent) Fail(fd, SpawnStep.SeccompListener, 0);
            }
        }
        if (p->ApplyCaps != 0)
        {
            if (ForkSafeLibc.Syscall(Libc.SYS_capset, (long)&p->CapHeader, (long)&p->Caps0, 0, 0, 0) != 0)
                Fail(fd, SpawnStep.Capset, *ForkSafeLibc.ErrnoLocation());
            ForkSafeLibc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
            for (int c = 0; c < 64; c++)
                if ((p->Ambient & (1UL << c)) != 0) ForkSafeLibc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0);
        }
        if (p->NoNewPrivileges != 0 && ForkSafeLibc.Prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            Fail(fd, SpawnStep.NoNewPrivileges, *ForkSafeLibc.ErrnoLocation());
        ForkSafeLibc.Umask(p->Umask);
        for (int i = 0; i < p->CandidateCount; i++)
        {
            ForkSafeLibc.Execve(p->Candidates[i], p->Argv, p->Envp);
            int err = *ForkSafeLibc.ErrnoLocation();
            // As execvp: a candidate that is not there lets the search go on; any other error stops it.
            if (err != Errno.ENOENT && err != Errno.ENOTDIR && err != Errno.EACCES)
                Fail(fd, (SpawnStep)((int)SpawnStep.ExecUser + 100 * i), err);
            if (p->CandidateCount == 1) Fail(fd, SpawnStep.ExecUser, err);
        }
        Fail(fd, SpawnStep.NotFound, Errno.ENOENT);
    }

    /// <summary>
    /// seccomp(SECCOMP_SET_MODE_FILTER), last before the final capset and execve. Without
    /// no_new_privs the kernel wants CAP_SYS_ADMIN in the effective set, which the uid change may
    /// have cleared: effective is raised to permitted (the final capset follows and lowers it).
    /// Also used by the init (no fork there, same rules). Returns the listener fd (NEW_LISTENER),
    /// 0, or -errno.
    /// </summary>
    public static int InstallSeccomp(SeccompPlan* f)
    {
        if (f->NoNewPrivileges != 0)
        {
            if (ForkSafeLibc.Prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -*ForkSafeLibc.ErrnoLocation();
        }
        else
        {
            CapHeader header;
            header.Version = 0x20080522;
            header.Pid = 0;
            CapData* data = stackalloc CapData[2];
            if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_capget, (long)&header, (long)data, 0, 0, 0) != 0) return -*ForkSafeLibc.ErrnoLocation();
            data[0].Effective = data[0].Permitted;
            data[1].Effective = data[1].Permitted;
            if (ForkSafeLibc.Syscall(Libc.SYS_capset, (long)&header, (long)data, 0, 0, 0) != 0) return -*ForkSafeLibc.ErrnoLocation();
        }
        SockFprog prog;
        prog.Len = (ushort)f->Length;
        prog.Filter = f->Program;
        long r = ForkSafeLibc.Syscall(ForkSafeLibc.SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, f->Flags, (long)&prog, 0, 0);
        return r < 0 ? -*ForkSafeLibc.ErrnoLocation() : (int)r;
    }

    /// <summary>personality, ioprio_set, sched_setattr: 0, or the failed step with errno in *errno.</summary>
    public static SpawnStep ApplyKernelAttributes(KernelAttributes* k, int* errno)
    {
        if (k->HasPersonality != 0 && ForkSafeLibc.Syscall(SYS_personality, (long)k->Personality, 0, 0, 0, 0) < 0)
        { *errno = *ForkSafeLibc.ErrnoLocation(); return SpawnStep.Personality; }
        if (k->HasIoPriority != 0 && ForkSafeLibc.Syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, k->IoPriority, 0, 0) != 0)
        { *errno = *ForkSafeLibc.ErrnoLocation(); return SpawnStep.IoPriority; }
        if (k->HasScheduler != 0 && ForkSafeLibc.Syscall(SYS_sched_setattr, 0, (long)&k->Scheduler, 0, 0, 0) != 0)
        { *errno = *ForkSafeLibc.ErrnoLocation(); return SpawnStep.Scheduler; }
        return 0;
    }

    private const long SYS_getppid = 110, SYS_pipe2 = 293;
    private const long SYS_personality = 135, SYS_ioprio_set = 251, SYS_sched_setattr = 314;

    /// <summary>
    /// Holds a fresh user namespace for an id-mapped mount: unshare, tell the parent (which writes
    /// the maps and opens the namespace), then wait for EOF and exit.
    /// </summary>
    public static void HoldUserNamespace(int fd, int parentEnd)
    {
        ForkSafeLibc.Close(parentEnd); // or the EOF we wait for never comes
        if (ForkSafeLibc.Unshare(Ns.CLONE_NEWUSER) != 0) ForkSafeLibc.Exit(1);
        int* msg = stackalloc int[1];
        msg[0] = SpawnMessage.MapsNeeded;
        ForkSafeLibc.Write(fd, msg, sizeof(int));
        ForkSafeLibc.Read(fd, msg, sizeof(int));
        ForkSafeLibc.Exit(0);
    }

    /// <summary>
    /// Every signal back to its default disposition, none blocked: ocirt's handlers (the .NET runtime's) must
    /// not run in a fork, and an ignored signal would stay ignored across execve (.NET ignores SIGPIPE: a
    /// container program would inherit that, unlike under runc).
    /// </summary>
    public static void ResetSignals()
    {
        ulong* action = stackalloc ulong[4] { 0 /* SIG_DFL */, 0, 0, 0 };
        for (int sig = 1; sig <= 64; sig++)
        {
            if (sig == 9 || sig == 19) continue; // SIGKILL, SIGSTOP
            ForkSafeLibc.Syscall(13 /* rt_sigaction */, sig, (long)action, 0, 8, 0);
        }
        ulong none = 0;
        ForkSafeLibc.Syscall(14 /* rt_sigprocmask */, 2 /* SIG_SETMASK */, (long)&none, 0, 8, 0);
    }

    /// <summary>
    /// CVE-2024-21626: a cwd reached through a leaked fd (/proc/self/fd/N) may lie outside the
    /// container's root; the kernel's getcwd then answers "(unreachable)..." instead of "/...".
    /// </summary>
    public static bool CwdIsInsideRoot()
    {
        byte* buf = stackalloc byte[4096];
        long n = ForkSafeLibc.Syscall(ForkSafeLibc.SYS_getcwd, (long)buf, 4096, 0, 0, 0);
        return n > 0 && buf[0] == (byte)'/';
    }

    private static int Receive(int fd)
    {
        int value = 0;
        nint n;
        do { n = ForkSafeLibc.Read(fd, &value, sizeof(int)); }
        while (n < 0 && *ForkSafeLibc.ErrnoLocation() == Errno.EINTR);
        return n == sizeof(int) ? value : -1;
    }

    /// <summary>A 12-byte message with one fd attached.</summary>
    private static bool SendWithFd(int fd, int tag, int passFd)
    {
        int* msg = stackalloc int[3];
        msg[0] = tag; msg[1] = 0; msg[2] = 0;
        return SendBytesWithFd(fd, msg, 3 * sizeof(int), passFd);
    }

    /// <summary>length bytes with one fd attached (SCM_RIGHTS); struct msghdr/cmsghdr laid out by hand on the stack.</summary>
    public static bool SendBytesWithFd(int socket, void* data, int length, int passFd)
    {
        long* iov = stackalloc long[2];                 // struct iovec { base, len }
        iov[0] = (long)data; iov[1] = length;
        long* control = stackalloc long[3];             // CMSG_SPACE(sizeof(int)) = 24
        control[0] = 20;                                // cmsg_len = CMSG_LEN(sizeof(int))
        ((int*)control)[2] = 1;                         // SOL_SOCKET
        ((int*)control)[3] = 1;                         // SCM_RIGHTS
        ((int*)control)[4] = passFd;
        ((int*)control)[5] = 0;
        long* hdr = stackalloc long[7];                 // struct msghdr (56 bytes)
        hdr[0] = 0; hdr[1] = 0;                         // name, namelen
        hdr[2] = (long)iov; hdr[3] = 1;                 // iov, iovlen
        hdr[4] = (long)control; hdr[5] = 24;            // control, controllen
        hdr[6] = 0;                                     // flags
        return ForkSafeLibc.Sendmsg(socket, hdr, 0x4000 /* MSG_NOSIGNAL */) == length;
    }

    private static void Send(int fd, int tag, int a, int b)
    {
        int* msg = stackalloc int[3];
        msg[0] = tag; msg[1] = a; msg[2] = b;
        ForkSafeLibc.Write(fd, msg, 3 * sizeof(int));
    }

    private static void Fail(int fd, SpawnStep step, int errno)
    {
        Send(fd, SpawnMessage.Failed, (int)step, errno);
        ForkSafeLibc.Exit(1);
    }
}
