using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>Loads the generated program and attaches it to the container's cgroup (BPF_F_ALLOW_MULTI, as runc).</summary>
public static class DeviceFilterLoader
{
    public static void Attach(string cgroupDir, IReadOnlyList<BpfInstruction> program) => Attach(cgroupDir, Load(program));

    /// <summary>
    /// The verified, JIT-compiled program's fd. Loading is the slow part (~0.5-1 ms here: verifier, JIT,
    /// making the image executable); it needs no cgroup, so create does it while the init sets itself up.
    /// </summary>
    public static int Load(IReadOnlyList<BpfInstruction> program) =>
        Bpf.LoadProgram(Bpf.BPF_PROG_TYPE_CGROUP_DEVICE, Bpf.BPF_CGROUP_DEVICE, DeviceFilter.Encode(program), DeviceFilter.License, "ocirt_devices");

    /// <summary>Attaches a loaded program (and closes its fd).</summary>
    public static void Attach(string cgroupDir, int prog)
    {
        try
        {
            int dir = Libc.Open(cgroupDir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
            if (dir < 0) throw new SyscallException($"open {cgroupDir}", Errno.Last);
            // The attachment holds the program for the cgroup's lifetime; our fds can go.
            try { Bpf.Attach(dir, prog, Bpf.BPF_CGROUP_DEVICE, Bpf.BPF_F_ALLOW_MULTI); }
            finally { Libc.Close(dir); }
        }
        finally { Libc.Close(prog); }
    }
}
