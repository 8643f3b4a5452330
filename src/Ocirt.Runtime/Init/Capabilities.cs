using Ocirt.Runtime.Diagnostics;
using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Init;

/// <summary>Applies process.capabilities: bounding set drop, capset, ambient raise (runc's order).</summary>
internal static unsafe partial class Capabilities
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Header { public uint Version; public int Pid; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data { public uint Effective, Permitted, Inheritable; }

    private const uint Version3 = 0x20080522;

    public static int LastCap()
    {
        try { return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim()); }
        catch { return 40; }
    }

    public static ulong Mask(List<string>? names, string field)
    {
        ulong mask = 0;
        if (names == null) return 0;
        for (int i = 0; i < names.Count; i++)
        {
            int n = Ocirt.Spec.Names.CapabilityTable.Number(names[i]);
            if (n < 0) throw new OcirtException($"process.capabilities.{field}[{i}]: unknown capability \"{names[i]}\"");
            mask |= 1UL << n;
        }
        return mask;
    }

    public static void DropBounding(LinuxCapabilities caps)
    {
        ulong keep = Mask(caps.Bounding, "bounding");
        int last = LastCap();
        for (int c = 0; c <= last; c++)
        {
            if ((keep & (1UL << c)) != 0) continue;
            if (Libc.Prctl(Prctl.PR_CAPBSET_READ, (ulong)c, 0, 0, 0) != 1) continue;
            if (Libc.Prctl(Prctl.PR_CAPBSET_DROP, (ulong)c, 0, 0, 0) != 0)
                throw new SyscallException($"drop capability {Ocirt.Spec.Names.CapabilityTable.Name(c)} from the bounding set", Errno.Last);
        }
    }

    /// <summary>
    /// The kernel lets capset keep only what is permitted now: anything else requested is named here,
    /// before "ready", instead of failing at start.
    /// </summary>
    public static void CheckGrantable(LinuxCapabilities caps)
    {
        ulong wanted = Mask(caps.Permitted, "permitted") | Mask(caps.Effective, "effective");
        Mask(caps.Inheritable, "inheritable");
        Mask(caps.Ambient, "ambient");
        var header = new Header { Version = Version3, Pid = 0 };
        Data* data = stackalloc Data[2];
        if (Libc.Syscall(SYS_capget, (long)&header, (long)data, 0, 0, 0) != 0) throw new SyscallException("capget", Errno.Last);
        ulong permitted = data[0].Permitted | ((ulong)data[1].Permitted << 32);
        ulong missing = wanted & ~permitted;
        if (missing == 0) return;
        var names = Enumerable.Range(0, 64).Where(c => (missing & (1UL << c)) != 0).Select(c => Ocirt.Spec.Names.CapabilityTable.Name(c));
        throw new OcirtException($"process.capabilities: {string.Join(", ", names)} not available to the runtime (not in its permitted set)");
    }

    private const long SYS_capget = 125;

    public static void Apply(LinuxCapabilities caps)
    {
        ulong eff = Mask(caps.Effective, "effective"), perm = Mask(caps.Permitted, "permitted"),
              inh = Mask(caps.Inheritable, "inheritable"), amb = Mask(caps.Ambient, "ambient");
        var header = new Header { Version = Version3, Pid = 0 };
        Data* data = stackalloc Data[2];
        data[0] = new Data { Effective = (uint)eff, Permitted = (uint)perm, Inheritable = (uint)inh };
        data[1] = new Data { Effective = (uint)(eff >> 32), Permitted = (uint)(perm >> 32), Inheritable = (uint)(inh >> 32) };
        if (Libc.Syscall(Libc.SYS_capset, (long)&header, (long)data, 0, 0, 0) != 0)
            throw new SyscallException("capset (process.capabilities)", Errno.Last);

        Libc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        for (int c = 0; c < 64; c++)
        {
            if ((amb & (1UL << c)) == 0) continue;
            // runc warns and goes on when an ambient capability cannot be raised (not in inheritable/permitted).
            if (Libc.Prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0) != 0)
            {
                int err = Errno.Last;
                StdStreams.ErrLine($"can't raise ambient capability {Ocirt.Spec.Names.CapabilityTable.Name(c)}: {Errno.Text(err)}");
            }
        }
    }
}
