using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// Everything the forked child needs, in unmanaged memory prepared before fork(): the child reads
/// it and never allocates.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SpawnPlan
{
    public const int MaxJoins = 8;

    public int SyncFd;
    /// <summary>The parent's end of the socketpair: the child closes its copy, so that EOF means the parent is gone.</summary>
    public int ParentFd;
    /// <summary>ocirt's pid: a child whose getppid() differs was orphaned before it could ask to die with its parent.</summary>
    public int ParentPid;
    public int JoinCount;
    public fixed int JoinFds[MaxJoins];
    public fixed int JoinTypes[MaxJoins];
    public int JoinsUserNamespace;
    public int NewUserNamespace;
    /// <summary>Namespaces to unshare after the user namespace (includes CLONE_NEWPID/NEWTIME: they apply to the init).</summary>
    public int UnshareFlags;
    /// <summary>
    /// 1: this child is the init itself (born by clone3 in the cgroup and, if asked, the new PID namespace), so it
    /// execs ocirt init without cloning it; only when nothing is joined and no user or time namespace is made.
    /// </summary>
    public int IsInit;
    public byte* TimeOffsets;
    public int TimeOffsetsLength;
    public byte* TimeOffsetsPath;
    public byte* ExePath;
    /// <summary>ocirt on a read-only detached mount (SealedExecutable), or -1: execve ExePath.</summary>
    public int ExeFd;
    public byte* EmptyPath;
    public byte** Argv;
    public byte** Envp;
    /// <summary>exec: set up and run the user program directly instead of re-executing ocirt init.</summary>
    public ProcessPlan* Process;
    /// <summary>create/run: build the container right here (a fork of ocirt) instead of re-executing ocirt init.</summary>
    public InitPlan* Init;
}

/// <summary>Fixed-size messages on the spawn socket (child ↔ parent), before the init takes over. The order per stage: Protocol.md.</summary>
internal static class SpawnMessage
{
    public const int Go = 'G';          // parent → child: placed in the cgroup, go on
    public const int MapsNeeded = 'U';  // child → parent: user namespace made, write the id maps
    public const int MapsWritten = 'M'; // parent → child
    public const int InitPid = 'P';     // child → parent: a = pid of the init
    public const int Failed = 'E';      // child → parent: a = step, b = errno
    public const int SeccompListener = 'S'; // exec child → parent, with the listener fd attached (SCM_RIGHTS)
    public const int ListenerSent = 's';    // parent → exec child: the agent has it, go on
    public const int JoinCgroup = 'C';      // exec child → parent: about to execve, move me into the (frozen) cgroup
    public const int CgroupJoined = 'c';    // parent → exec child: done (read once the cgroup thaws)
}

/// <summary>The steps of the child, named in errors.</summary>
internal enum SpawnStep
{
    WaitForParent = 1,
    JoinNamespace = 2,   // + index, reported as JoinNamespace * 100 + index
    UnshareUser = 3,
    WaitForMaps = 4,
    BecomeRoot = 5,
    UnshareNamespaces = 6,
    TimeOffsets = 7,
    CloneInit = 8,
    ExecInit = 9,
    // exec (ProcessPlan) steps
    Terminal = 20,
    Rlimit = 21,
    DropBounding = 22,
    SetGroups = 23,
    SetGid = 24,
    SetUid = 25,
    Chdir = 26,
    Capset = 27,
    NoNewPrivileges = 28,
    ExecUser = 29,          // + candidate index * 100
    NotFound = 30,
    Seccomp = 31,
    CwdOutsideRoot = 32,
    SecurityLabel = 33,
    SeccompListener = 34,
    Personality = 35,
    IoPriority = 36,
    Scheduler = 37,
    JoinCgroup = 38,
}
