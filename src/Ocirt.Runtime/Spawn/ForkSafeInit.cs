using Ocirt.Runtime.Interop;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// The container init as a fork of ocirt: runs an <see cref="InitPlan"/> with bare syscalls, reports
/// ready on the init channel, waits on exec.fifo for `start`, then execs the user program.
/// FORK-SAFE ZONE (see ForkSafeChild): no allocation, no managed runtime services, no libc call other
/// than through ForkSafeLibc; buffers live on the stack; errors are (message index, errno) pairs
/// whose texts the parent rendered in advance (errno texts: glibc's static table, strerrordesc_np).
/// </summary>
internal static unsafe partial class ForkSafeInit
{
    private const int PathMax = 4096;
    private const int AtFdCwd = -100, AtSymlinkNofollow = 0x100, AtRecursive = 0x8000;
    private const long SYS_statfs = 137, SYS_pivot_root = 155, SYS_mount = 165, SYS_umount2 = 166, SYS_sethostname = 170, SYS_setdomainname = 171, SYS_keyctl = 250,
        SYS_mkdirat = 258, SYS_mknodat = 259, SYS_fchownat = 260, SYS_newfstatat = 262, SYS_symlinkat = 266,
        SYS_readlinkat = 267, SYS_fchmodat = 268, SYS_fchdir = 81, SYS_close_range = 436, SYS_mount_setattr = 442;
    private const uint S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFREG = 0x8000;

    /// <summary>Never returns: execs the user program or exits (1 before ready, 255 after).</summary>
    public static void Run(int fd, InitPlan* plan)
    {
        ForkSafeChild.ResetSignals();
        CloseInheritedFds(fd, plan);
        ForkSafeLibc.Umask(0);
        // runc makes the init a session leader; it also detaches from ocirt's controlling terminal.
        ForkSafeLibc.Setsid();
        if (plan->KeyringName != null && ForkSafeLibc.Syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, (long)plan->KeyringName, 0, 0, 0) < 0)
        {
            int err = Errno();
            // A kernel without keyrings (or a policy refusing keyctl) is not an error for runc either.
            if (err != 38 /* ENOSYS */ && err != Interop.Errno.EPERM && err != Interop.Errno.EACCES) Fail(fd, plan, plan->KeyringMsg, err);
        }

        byte* target = stackalloc byte[PathMax];
        target[0] = 0;
        // --debug: "mounts=812 hooks=3 pivot=95 ..." (µs) with ready, as the re-executed init reports.
        var trace = new Trace(plan->Trace != 0);
        bool mountsMarked = false;
        for (int i = 0; i < plan->OpCount; i++)
        {
            InitOp* op = &plan->Ops[i];
            if ((op->Kind == InitOpKind.ParentHooks || op->Kind == InitOpKind.PivotRoot) && !mountsMarked)
            {
                trace.Mark("mounts=\0"u8);
                mountsMarked = true;
            }
            if (op->Kind == InitOpKind.PivotRoot) trace.Mark("hooks=\0"u8);
            int err = Step(fd, plan, op, target, out int msg);
            if (err != 0) Fail(fd, plan, msg, err);
            if (op->Kind == InitOpKind.PivotRoot) trace.Mark("pivot=\0"u8);
        }
        trace.Mark("paths-hostname-sysctl-console=\0"u8);

        int chosen = PrepareProcess(fd, plan);
        trace.Mark("process=\0"u8);
        // Not after 'R': create may read it, finish and exit before we drop the signal, which would then kill us.
        ForkSafeLibc.Prctl(Prctl.PR_SET_PDEATHSIG, 0, 0, 0, 0);
        SendFrame(fd, (byte)'R', trace.Text, trace.Length);
        AwaitCreated(fd);

        WaitForStart(plan);
        ExecUserProgram(plan, chosen);
    }

    /// <summary>One filesystem step; 0 or an errno, with the message to name in *msg.</summary>
    private static int Step(int fd, InitPlan* plan, InitOp* op, byte* target, out int msg)
    {
        msg = op->Msg;
        switch (op->Kind)
        {
            case InitOpKind.Mount:
                return Mount(op->A, op->B, op->C, op->Flags, op->D);
            case InitOpKind.MakeParentPrivate:
                return MakeParentPrivate(op->A);
            case InitOpKind.Resolve:
            {
                int err = JoinInRoot(plan->Rootfs, op->B, target);
                if (err != 0) return err;
                msg = op->Msg2;
                return op->Mode switch
                {
                    1 => MkdirAll(target, 0),
                    2 => CreateFile(target),
                    3 => MkdirAll(target, 1),
                    _ => 0,
                };
            }
            case InitOpKind.MountTarget:
                return Mount(op->A, target, op->C, op->Flags, op->D);
            case InitOpKind.RemountTarget:
                return Remount(target, op->Flags);
            case InitOpKind.Remount:
                return Remount(op->B, op->Flags);
            case InitOpKind.SetRecursive:
            {
                ulong* attr = stackalloc ulong[4] { op->Flags, op->Flags2, 0, 0 };
                return Sys(SYS_mount_setattr, AtFdCwd, (long)target, AtRecursive, (long)attr, 32);
            }
            case InitOpKind.MountCgroup:
            {
                int err = Mount(Lit("cgroup2\0"u8), target, Lit("cgroup2\0"u8), op->Flags, null);
                if (err != Interop.Errno.EPERM && err != Interop.Errno.EBUSY) return err;
                // Some user namespaces refuse a fresh cgroup2 mount: bind the host's view instead (as runc).
                msg = op->Msg2;
                err = Mount(op->A, target, null, MS_BIND | MS_REC, null);
                if (err == 0 && (op->Flags & MS_RDONLY) != 0) err = Remount(target, (op->Flags & ~MS_RDONLY) | MS_RDONLY);
                return err;
            }
            case InitOpKind.Mknod:
                return Mknod(op, target, out msg);
            case InitOpKind.Symlink:
            {
                byte* st = stackalloc byte[144];
                if (Sys(SYS_newfstatat, AtFdCwd, (long)op->B, (long)st, AtSymlinkNofollow, 0) == 0) return 0;
                return Sys(SYS_symlinkat, (long)op->A, AtFdCwd, (long)op->B, 0, 0);
            }
            case InitOpKind.ParentHooks:
            {
                SendFrame(fd, (byte)'H', null, 0);
                return ReceiveFrameKind(fd) == 'h' ? 0 : 32 /* EPIPE */;
            }
            case InitOpKind.PivotRoot:
                return PivotRoot(op, out msg);
            case InitOpKind.SetName:
                return Sys(op->Mode == 0 ? SYS_sethostname : SYS_setdomainname, (long)op->A, op->Length, 0, 0, 0);
            case InitOpKind.WriteFile:
                return WriteFile(op->A, op->B, op->Length);
            case InitOpKind.ReadonlyPath:
            {
                byte* st = stackalloc byte[144];
                if (Sys(SYS_newfstatat, AtFdCwd, (long)op->A, (long)st, 0, 0) != 0) return 0;
                int err = Mount(op->A, op->A, null, MS_BIND | MS_REC, null);
                if (err != 0) return err;
                msg = op->Msg2;
                return Remount(op->A, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_REC);
            }
            case InitOpKind.Console:
                return Console(fd, op, out msg);
            case InitOpKind.MaskPath:
            {
                byte* st = stackalloc byte[144];
                if (Sys(SYS_newfstatat, AtFdCwd, (long)op->A, (long)st, 0, 0) != 0) return 0;
                if ((*(uint*)(st + 24) & S_IFMT) == S_IFDIR) return Mount(Lit("tmpfs\0"u8), op->A, Lit("tmpfs\0"u8), MS_RDONLY, null);
                msg = op->Msg2;
                return Mount(Lit("/dev/null\0"u8), op->A, null, MS_BIND, null);
            }
            default:
                return Interop.Errno.EINVAL;
        }
    }

    /// <summary>
    /// Before ready, everything that can fail: rlimits, oom score, kernel attributes, the bounding set,
    /// groups and ids, cwd, and the program lookup. Returns the candidate to exec.
    /// </summary>
    private static int PrepareProcess(int fd, InitPlan* plan)
    {
        ProcessPlan* p = plan->Process;
        for (int i = 0; i < p->RlimitCount; i++)
        {
            if (ForkSafeLibc.Setrlimit(p->RlimitResources[i], &p->RlimitValues[i * 2]) != 0)
            {
                int err = Errno();
                Fail(fd, plan, plan->RlimitMsg + 2 * i + (err == Interop.Errno.EPERM ? 1 : 0), err);
            }
        }
        if (plan->OomScoreAdj != null) WriteOomScoreAdj(fd, plan);
        int kerr = 0;
        SpawnStep kstep = ForkSafeChild.ApplyKernelAttributes(&p->Kernel, &kerr);
        if (kstep != 0) Fail(fd, plan, plan->KernelMsg + (kstep == SpawnStep.Personality ? 0 : kstep == SpawnStep.IoPriority ? 1 : 2), kerr);
        if (p->DropBoundingValid != 0)
        {
            for (int c = 0; c < 64; c++)
            {
                if ((p->DropBounding & (1UL << c)) == 0) continue;
                if (ForkSafeLibc.Prctl(Prctl.PR_CAPBSET_DROP, (ulong)c, 0, 0, 0) != 0) Fail(fd, plan, plan->BoundingMsg, Errno());
            }
        }
        // Keep the permitted set across the uid change; the final capset comes right before execve.
        ForkSafeLibc.Prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0);
        if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setgroups, p->GroupCount, (long)p->Groups, 0, 0, 0) != 0) Fail(fd, plan, plan->SetGroupsMsg, Errno());
        if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresgid, p->Gid, p->Gid, p->Gid, 0, 0) != 0) Fail(fd, plan, plan->SetGidMsg, Errno());
        if (ForkSafeLibc.Syscall(ForkSafeLibc.SYS_setresuid, p->Uid, p->Uid, p->Uid, 0, 0) != 0) Fail(fd, plan, plan->SetUidMsg, Errno());
        if (ForkSafeLibc.Chdir(p->Cwd) != 0) Fail(fd, plan, plan->ChdirMsg, Errno());
        if (!ForkSafeChild.CwdIsInsideRoot()) Fail(fd, plan, plan->CwdOutsideMsg, 0);
        ForkSafeLibc.Prctl(Prctl.PR_SET_KEEPCAPS, 0, 0, 0, 0);

        // Checked now, so that create fails (runc's exec.LookPath in its init).
        byte* st = stackalloc byte[144];
        for (int i = 0; i < p->CandidateCount; i++)
        {
            bool exists = Sys(SYS_newfstatat, AtFdCwd, (long)p->Candidates[i], (long)st, 0, 0) == 0;
            uint mode = exists ? *(uint*)(st + 24) : 0;
            if (exists && (mode & S_IFMT) == S_IFREG && (mode & 0x49 /* 0111 */) != 0) return i;
            if (plan->NameHasSlash != 0) Fail(fd, plan, exists ? plan->NotExecutableMsg : plan->StatMissingMsg, 0);
        }
        Fail(fd, plan, plan->NotFoundMsg, 0);
        return -1;
    }

    /// <summary>The init is not dumpable, which makes its /proc files the host root's: dumpable only for the write (as runc).</summary>
    private static void WriteOomScoreAdj(int fd, InitPlan* plan)
    {
        ForkSafeLibc.Prctl(Prctl.PR_SET_DUMPABLE, 1, 0, 0, 0);
        int err = WriteFile(plan->OomScoreAdjPath, plan->OomScoreAdj, Length(plan->OomScoreAdj));
        ForkSafeLibc.Prctl(Prctl.PR_SET_DUMPABLE, 0, 0, 0, 0);
        if (err == Interop.Errno.EACCES || err == Interop.Errno.EPERM) Fail(fd, plan, plan->OomDeniedMsg, 0);
        if (err != 0) Fail(fd, plan, plan->OomMsg, err);
    }

    /// <summary>
    /// Until create has saved the state we die with it: the parent-death signal is dropped before ready, and from
    /// there the channel's EOF (create killed before 'D') ends us instead of leaving a parked orphan.
    /// </summary>
    private static void AwaitCreated(int fd)
    {
        if (ReceiveFrameKind(fd) != 'D') ForkSafeLibc.Exit(1);
    }

    /// <summary>Blocks opening exec.fifo for writing until `start` opens it for reading, then writes one byte.</summary>
    private static void WaitForStart(InitPlan* plan)
    {
        int f;
        while ((f = ForkSafeLibc.Open(plan->FifoPath, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0)) < 0)
        {
            if (Errno() != Interop.Errno.EINTR) Die(plan, plan->FifoMsg, Errno());
        }
        byte b = (byte)'0';
        if (ForkSafeLibc.Write(f, &b, 1) != 1) Die(plan, plan->FifoMsg, Errno());
        ForkSafeLibc.Close(f);
        ForkSafeLibc.Close(plan->FifoFd);
    }

    /// <summary>After start, in runc's order: close-on-exec above the preserved fds, seccomp, capabilities, no_new_privs, umask, execve.</summary>
    private static void ExecUserProgram(InitPlan* plan, int chosen)
    {
        ProcessPlan* p = plan->Process;
        ForkSafeLibc.Syscall(SYS_close_range, 3 + plan->PreserveFds, uint.MaxValue, 4 /* CLOSE_RANGE_CLOEXEC */, 0, 0);
        if (p->Seccomp.Length > 0)
        {
            int r = ForkSafeChild.InstallSeccomp(&p->Seccomp);
            if (r < 0) Die(plan, -r == Interop.Errno.EACCES && p->NoNewPrivileges == 0 ? plan->SeccompNeedsAdminMsg : plan->SeccompMsg, -r);
        }
        if (p->ApplyCaps != 0)
        {
            if (ForkSafeLibc.Syscall(Libc.SYS_capset, (long)&p->CapHeader, (long)&p->Caps0, 0, 0, 0) != 0) Die(plan, plan->CapsetMsg, Errno());
            ForkSafeLibc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
            for (int c = 0; c < 64; c++)
                if ((p->Ambient & (1UL << c)) != 0) ForkSafeLibc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0);
        }
        if (p->NoNewPrivileges != 0 && ForkSafeLibc.Prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) Die(plan, plan->NoNewPrivilegesMsg, Errno());
        ForkSafeLibc.Umask(p->Umask);
        ForkSafeLibc.Execve(p->Candidates[chosen], p->Argv, p->Envp);
        Die(plan, plan->ExecMsg + chosen, Errno());
    }

    // ---- process plumbing ----

    /// <summary>
    /// A fork inherits every fd of ocirt (the state dir lock among them): keep stdio, the preserved fds,
    /// the channel and exec.fifo, close the rest.
    /// </summary>
    private static void CloseInheritedFds(int fd, InitPlan* plan)
    {
        int* keep = stackalloc int[2];
        keep[0] = Math.Min(fd, plan->FifoFd);
        keep[1] = Math.Max(fd, plan->FifoFd);
        int from = 3 + plan->PreserveFds;
        for (int i = 0; i < 2; i++)
        {
            if (keep[i] < from) continue;
            if (keep[i] > from) ForkSafeLibc.Syscall(SYS_close_range, from, keep[i] - 1, 0, 0, 0);
            from = keep[i] + 1;
        }
        ForkSafeLibc.Syscall(SYS_close_range, from, uint.MaxValue, 0, 0, 0);
    }

    /// <summary>Before ready: the error goes to the parent ("E" + text) and the init exits.</summary>
    private static void Fail(int fd, InitPlan* plan, int msg, int errno)
    {
        byte* text = stackalloc byte[PathMax];
        int n = Render(plan, msg, errno, text, PathMax);
        SendFrame(fd, (byte)'E', text, n);
        ForkSafeLibc.Exit(1);
    }

    /// <summary>After ready nobody listens on the channel: the error goes to the container's stderr (as runc's init).</summary>
    private static void Die(InitPlan* plan, int msg, int errno)
    {
        byte* text = stackalloc byte[PathMax];
        int n = Render(plan, msg, errno, text, PathMax - 1);
        text[n++] = (byte)'\n';
        ForkSafeLibc.Write(2, text, (nuint)n);
        ForkSafeLibc.Exit(255);
    }

    /// <summary>"message: errno text" (just the message when errno is 0).</summary>
    private static int Render(InitPlan* plan, int msg, int errno, byte* buf, int max)
    {
        int n = Append(buf, 0, max, plan->Messages[msg]);
        if (errno == 0) return n;
        n = Append(buf, n, max, Lit(": \0"u8));
        // Errno.Text's wording: the C library's description with a lowercase first letter.
        byte* text = ForkSafeLibc.StrerrorDesc(errno);
        if (text != null && text[0] != 0)
        {
            int start = n;
            n = Append(buf, n, max, text);
            if (buf[start] >= 'A' && buf[start] <= 'Z') buf[start] = (byte)(buf[start] + 32);
            return n;
        }
        n = Append(buf, n, max, Lit("errno \0"u8));
        byte* digits = stackalloc byte[24];
        return Append(buf, n, max, Digits(errno < 0 ? -(long)errno : errno, digits));
    }

    /// <summary>One init-channel frame: [u32 length][kind][payload] (InitChannel's format).</summary>
    private static void SendFrame(int fd, byte kind, byte* payload, int length)
    {
        byte* frame = stackalloc byte[5 + PathMax];
        if (length > PathMax) length = PathMax;
        *(uint*)frame = (uint)length;
        frame[4] = kind;
        for (int i = 0; i < length; i++) frame[5 + i] = payload[i];
        int off = 0, total = 5 + length;
        while (off < total)
        {
            nint n = ForkSafeLibc.Write(fd, frame + off, (nuint)(total - off));
            if (n < 0 && Errno() == Interop.Errno.EINTR) continue;
            if (n <= 0) ForkSafeLibc.Exit(1);
            off += (int)n;
        }
    }

    /// <summary>The kind of the next frame from the parent (payloads are empty here), or -1.</summary>
    private static int ReceiveFrameKind(int fd)
    {
        byte* header = stackalloc byte[5];
        int got = 0;
        while (got < 5)
        {
            nint n = ForkSafeLibc.Read(fd, header + got, (nuint)(5 - got));
            if (n < 0 && Errno() == Interop.Errno.EINTR) continue;
            if (n <= 0) return -1;
            got += (int)n;
        }
        return *(uint*)header == 0 ? header[4] : -1;
    }
}
