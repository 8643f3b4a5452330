using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// The user process's attributes, precomputed in unmanaged memory so the forked child can apply
/// them with bare syscalls and execve the program (used by exec, which cannot re-execute ocirt
/// inside the container's root).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProcessPlan
{
    public const int MaxRlimits = 16;

    public int TerminalFd;            // -1: none; else the pty peer to make stdio + controlling tty
    public int RlimitCount;
    public fixed int RlimitResources[MaxRlimits];
    public fixed ulong RlimitValues[MaxRlimits * 2]; // soft, hard
    public ulong DropBounding;        // capabilities to drop from the bounding set
    public int DropBoundingValid;
    public int SetGroups;
    public int GroupCount;
    public uint* Groups;
    public uint Uid, Gid;
    public int ApplyCaps;
    public CapHeader CapHeader;
    public CapData Caps0, Caps1;
    public ulong Ambient;
    public int NoNewPrivileges;
    public uint Umask;
    public byte* Cwd;
    public int PreserveFds;
    public SeccompPlan Seccomp;       // Length 0: no filter
    public KernelAttributes Kernel;   // personality, I/O priority, scheduler
    public int JoinCgroupLate;        // exec into a frozen cgroup: ask the parent to move us in just before execve
    public int LabelCount;            // LSM exec labels: write LabelContents[i] to LabelPaths[i]
    public byte** LabelPaths;
    public byte** LabelContents;
    public int CandidateCount;
    public byte** Candidates;         // executable paths to try in order (PATH search done as execvp)
    public byte** Argv;
    public byte** Envp;
}

/// <summary>A compiled filter for seccomp(2): struct sock_filter[] in unmanaged memory.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SeccompPlan
{
    public byte* Program;
    public int Length;                // instructions
    public uint Flags;
    public int NoNewPrivileges;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SockFprog { public ushort Len; public byte* Filter; }

[StructLayout(LayoutKind.Sequential)]
internal struct CapHeader { public uint Version; public int Pid; }

[StructLayout(LayoutKind.Sequential)]
internal struct CapData { public uint Effective, Permitted, Inheritable; }
