using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// The whole container setup as data, for an init that is a fork of ocirt (no re-exec): a list of
/// filesystem steps (<see cref="InitOp"/>), then the process attributes (<see cref="ProcessPlan"/>).
/// Built by <see cref="InitPlanBuilder"/> before the fork, executed by <see cref="ForkSafeInit"/>.
/// Error texts are rendered by the parent in advance: a failed step names a message and an errno.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct InitPlan
{
    public int OpCount;
    /// <summary>1: report phase durations with ready (--debug).</summary>
    public int Trace;
    public InitOp* Ops;
    /// <summary>Error texts by index (an op's Msg/Msg2, the fields below).</summary>
    public byte** Messages;
    /// <summary>The rootfs path, without a trailing slash: the root of every secure join.</summary>
    public byte* Rootfs;
    /// <summary>"_ses.&lt;id&gt;" for a new session keyring, or null (--no-new-keyring).</summary>
    public byte* KeyringName;
    public int KeyringMsg;
    /// <summary>process.oomScoreAdj as text, or null.</summary>
    public byte* OomScoreAdj;
    public byte* OomScoreAdjPath;
    public int OomMsg, OomDeniedMsg;
    /// <summary>exec.fifo: the inherited O_PATH fd, reopened for writing through /proc/self/fd/N.</summary>
    public int FifoFd;
    public byte* FifoPath;
    public int FifoMsg;
    public int PreserveFds;
    public ProcessPlan* Process;
    /// <summary>Messages of the process steps (see InitPlanBuilder.ProcessMessages for the order).</summary>
    public int RlimitMsg;        // + 2 * index (+1: the EPERM wording)
    public int KernelMsg;        // personality, ioprio, scheduler
    public int BoundingMsg, SetGroupsMsg, SetGidMsg, SetUidMsg, ChdirMsg, CwdOutsideMsg;
    public int NotFoundMsg, StatMissingMsg, NotExecutableMsg;
    /// <summary>1: process.args[0] contains a slash (one candidate, stat wording); 0: a $PATH search.</summary>
    public int NameHasSlash;
    public int SeccompMsg, SeccompNeedsAdminMsg, CapsetMsg, NoNewPrivilegesMsg;
    public int ExecMsg;          // + candidate index
}

/// <summary>One filesystem step. "Target" is the path the last Resolve produced (the op's own B when raw).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct InitOp
{
    public InitOpKind Kind;
    public int Msg;
    public int Msg2;
    public uint Mode;
    public byte* A;
    public byte* B;
    public byte* C;
    public byte* D;
    public ulong Flags;
    public ulong Flags2;
    public ulong Dev;
    public uint Uid, Gid;
    public int Length;
}

internal enum InitOpKind
{
    /// <summary>mount(A, B, C, Flags, D) on raw host paths (before the rootfs is entered).</summary>
    Mount = 1,
    /// <summary>The nearest mount point at or above A becomes private.</summary>
    MakeParentPrivate,
    /// <summary>Target = B joined to the rootfs, symlinks resolved inside it; Mode: 0 as is, 1 mkdir -p, 2 create a file, 3 its parent dirs only.</summary>
    Resolve,
    /// <summary>mount(A, Target, C, Flags, D).</summary>
    MountTarget,
    /// <summary>Bind remount of Target with Flags (EPERM: again with the flags it has, which may be locked).</summary>
    RemountTarget,
    /// <summary>mount_setattr(AT_RECURSIVE): set Flags, clear Flags2.</summary>
    SetRecursive,
    /// <summary>cgroup2 at Target with Flags; EPERM/EBUSY: a bind of A (the host's cgroup2), read-only if asked.</summary>
    MountCgroup,
    /// <summary>mknod Target (Mode, Dev), chmod, chown Uid:Gid; EEXIST kept; EPERM: bind the host's node A.</summary>
    Mknod,
    /// <summary>symlink A at B unless B exists (as a link or anything).</summary>
    Symlink,
    /// <summary>Ask the parent to run prestart/createRuntime hooks, wait until it has.</summary>
    ParentHooks,
    /// <summary>pivot_root into A and detach the old root (messages Msg .. Msg+5).</summary>
    PivotRoot,
    /// <summary>sethostname (Mode 0) or setdomainname (Mode 1) of A, Length bytes.</summary>
    SetName,
    /// <summary>Write B (Length bytes) to the file A (sysctl).</summary>
    WriteFile,
    /// <summary>linux.readonlyPaths entry A (skipped when missing).</summary>
    ReadonlyPath,
    /// <summary>linux.maskedPaths entry A: a read-only tmpfs over a directory, /dev/null over anything else.</summary>
    MaskPath,
    /// <summary>Bind remount of B (raw path) with Flags.</summary>
    Remount,
    /// <summary>
    /// process.terminal: a pty from the container's devpts (size Uid x Gid when Mode is 1), its peer bound on
    /// /dev/console and made stdio and the controlling terminal; the master goes to the parent ('T' + SCM_RIGHTS).
    /// Messages Msg .. Msg+7.
    /// </summary>
    Console,
}
