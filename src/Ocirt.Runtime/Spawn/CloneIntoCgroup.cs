using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// fork() with the child born in the container's cgroup: clone3(CLONE_INTO_CGROUP). Writing the
/// child's pid to cgroup.procs instead is a migration, which waits out an RCU grace period in the
/// kernel: 1 ms on a quiet machine, 5-13 ms on a busy one, on every create and exec (measured).
/// The raw syscall skips glibc's fork bookkeeping, which the fork-safe child does not need: it
/// calls no function that relies on it (set*id go through raw syscalls there, see ForkSafeChild).
/// </summary>
internal static unsafe class CloneIntoCgroup
{
    private const ulong CLONE_INTO_CGROUP = 0x200000000;
    private const long SYS_clone3 = 435;

    /// <summary>struct clone_args up to .cgroup (CLONE_ARGS_SIZE_VER2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CloneArgs
    {
        public ulong Flags, PidFd, ChildTid, ParentTid, ExitSignal, Stack, StackSize, Tls, SetTid, SetTidSize, Cgroup;
    }

    /// <summary>
    /// Fills args (prepared before the fork, like everything the child touches) for a child in the cgroup of cgroupFd,
    /// in new namespaces of namespaceFlags (CLONE_NEWPID: the child is PID 1 of it).
    /// </summary>
    public static void Prepare(CloneArgs* args, int cgroupFd, ulong namespaceFlags = 0)
    {
        *args = default;
        args->Flags = CLONE_INTO_CGROUP | namespaceFlags;
        args->ExitSignal = 17; // SIGCHLD, as fork()
        args->Cgroup = (ulong)cgroupFd;
    }

    /// <summary>As fork(): the child's pid, 0 in the child, -1 with errno on failure (then the caller forks and writes cgroup.procs).</summary>
    public static int Fork(CloneArgs* args) => (int)ForkSafeLibc.Syscall(SYS_clone3, (long)args, sizeof(CloneArgs), 0, 0, 0);
}
