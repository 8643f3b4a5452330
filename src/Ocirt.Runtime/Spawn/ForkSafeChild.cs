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
            if (ForkSafeLibc.Setresgid(0, 0, 0) != 0 || ForkSafeLibc.Setresuid(0, 0, 0) != 0)
                Fail(fd, SpawnStep.BecomeRoot, *ForkSafeLibc.ErrnoLocation());
        }

        if (plan->UnshareFlags != 0 && ForkSafeLibc.Unshare(plan->UnshareFlags) != 0)
            Fail(fd, SpawnStep.UnshareNamespaces, *ForkSafeLibc.ErrnoLocation());

        if (plan->TimeOffsetsLength > 0)
        {
            int tfd = ForkSafeLibc.Open(plan->TimeOffsetsPath, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0);
            if (tfd < 0 || ForkSafeLibc.Write(tfd, plan->TimeOffsets, (nuint)plan->TimeOffsetsLength) != plan->TimeOffsetsLength)
                Fail(fd, SpawnStep.TimeOffsets, *ForkSafeLibc.ErrnoLocation());
            ForkSafeLibc.Close(tfd);
        }

        // The init is created as our sibling (CLONE_PARENT): a direct child of the ocirt parent,
        // and PID 1 when a PID namespace was unshared above.
        long pid = ForkSafeLibc.Syscall(ForkSafeLibc.SYS_clone, Ns.CLONE_PARENT | Ns.SIGCHLD, 0, 0, 0, 0);
        if (pid == 0)
        {
            ForkSafeLibc.Execve(plan->ExePath, plan->Argv, plan->Envp);
            Fail(fd, SpawnStep.ExecInit, *ForkSafeLibc.ErrnoLocation());
        }
        if (pid < 0) Fail(fd, SpawnStep.CloneInit, *ForkSafeLibc.ErrnoLocation());

        Send(fd, SpawnMessage.InitPid, (int)pid, 0);
        ForkSafeLibc.Exit(0);
    }

    private static int Receive(int fd)
    {
        int value = 0;
        nint n;
        do { n = ForkSafeLibc.Read(fd, &value, sizeof(int)); }
        while (n < 0 && *ForkSafeLibc.ErrnoLocation() == Errno.EINTR);
        return n == sizeof(int) ? value : -1;
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
