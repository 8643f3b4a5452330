namespace Ocirt.Runtime.Interop;

/// <summary>
/// bpf(2) for the device cgroup program: BPF_PROG_LOAD and BPF_PROG_ATTACH with hand-laid union bpf_attr
/// (no libbpf). RLIMIT_MEMLOCK is never raised: kernels ≥ 5.11 charge BPF memory to the memory cgroup.
/// </summary>
internal static unsafe class Bpf
{
    private const long SYS_bpf = 321; // x86_64
    private const int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8;
    public const int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    public const int BPF_CGROUP_DEVICE = 6;
    public const int BPF_F_ALLOW_MULTI = 2;
    private const int AttrSize = 128; // larger than every field we set; the kernel wants the rest zeroed

    /// <summary>
    /// Loads a program; returns its fd, or throws with the verifier log. The verifier's log costs real time when asked for (it prints every instruction it
    /// checks), so it is asked for only to explain a refusal, by a second attempt.
    /// </summary>
    public static int LoadProgram(int progType, int expectedAttachType, ReadOnlySpan<byte> insns, string license, string name)
    {
        int fd = Load(progType, expectedAttachType, insns, license, name, withLog: false);
        return fd >= 0 ? fd : Load(progType, expectedAttachType, insns, license, name, withLog: true);
    }

    private static int Load(int progType, int expectedAttachType, ReadOnlySpan<byte> insns, string license, string name, bool withLog)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        byte[] lic = System.Text.Encoding.ASCII.GetBytes(license + "\0");
        byte[] log = new byte[withLog ? 16 * 1024 : 1];
        fixed (byte* pInsns = insns)
        fixed (byte* pLic = lic)
        fixed (byte* pLog = log)
        {
            *(uint*)(attr + 0) = (uint)progType;
            *(uint*)(attr + 4) = (uint)(insns.Length / 8);
            *(ulong*)(attr + 8) = (ulong)pInsns;
            *(ulong*)(attr + 16) = (ulong)pLic;
            if (withLog)
            {
                *(uint*)(attr + 24) = 1;             // log_level: the verifier explains a rejection
                *(uint*)(attr + 28) = (uint)log.Length;
                *(ulong*)(attr + 32) = (ulong)pLog;
            }
            byte[] n = System.Text.Encoding.ASCII.GetBytes(name);
            for (int i = 0; i < Math.Min(n.Length, 15); i++) attr[48 + i] = n[i]; // prog_name[16]
            *(uint*)(attr + 68) = (uint)expectedAttachType;
            long fd = Libc.Syscall(SYS_bpf, BPF_PROG_LOAD, (long)attr, AttrSize, 0, 0);
            if (fd < 0 && !withLog) return -1;
            if (fd < 0)
            {
                int errno = Errno.Last;
                string verifier = System.Text.Encoding.ASCII.GetString(log).TrimEnd('\0').Trim();
                throw new SyscallException("bpf(BPF_PROG_LOAD) of the device filter" + (verifier.Length > 0 ? $" (verifier: {verifier})" : ""), errno);
            }
            return (int)fd;
        }
    }

    public static void Attach(int targetFd, int progFd, int attachType, int flags)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = (uint)targetFd;
        *(uint*)(attr + 4) = (uint)progFd;
        *(uint*)(attr + 8) = (uint)attachType;
        *(uint*)(attr + 12) = (uint)flags;
        if (Libc.Syscall(SYS_bpf, BPF_PROG_ATTACH, (long)attr, AttrSize, 0, 0) < 0)
            throw new SyscallException("bpf(BPF_PROG_ATTACH) of the device filter", Errno.Last);
    }
}
