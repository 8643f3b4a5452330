using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.State;

namespace Ocirt.Runtime.Lifecycle;

/// <summary>The lifecycle operations the CLI drives. Every failure is an OcirtException.</summary>
public sealed partial class ContainerRuntime(RuntimeOptions options)
{
    /// <summary>The runtime-spec version ocirt implements (reported by state, as runc reports its own).</summary>
    public const string SpecVersion = "1.2.0";

    public RuntimeOptions Options { get; } = options;
    private readonly StateStore _store = new(options.Root);

    /// <summary>Status is derived on every call: stopped (init gone or pid reused), created (fifo present), paused (frozen), running.</summary>
    private string StatusOf(StoredState s)
    {
        if (!ProcStat.IsAlive(s.InitPid, s.InitStartTime)) return "stopped";
        if (s.CgroupDir != null && CgroupV2.IsFrozen(s.CgroupDir)) return "paused";
        if (File.Exists(_store.FifoOf(s.Id))) return "created";
        return "running";
    }

    private ContainerState ToView(StoredState s, string owner)
    {
        string status = StatusOf(s);
        return new ContainerState(SpecVersion, s.Id, status == "stopped" ? 0 : s.InitPid, status, s.Bundle, s.Rootfs,
            s.Created, s.Annotations, owner);
    }

    /// <summary>Polls until the init is gone (or a zombie); false on timeout.</summary>
    private static bool WaitGone(StoredState s, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (ProcStat.IsAlive(s.InitPid, s.InitStartTime))
        {
            if (Environment.TickCount64 > deadline) return false;
            Thread.Sleep(5);
        }
        return true;
    }

    private static void CheckId(string id)
    {
        bool ok = id.Length > 0 && id != "." && id != ".." &&
                  id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.');
        if (!ok) throw new OcirtException("invalid container ID format");
    }

    private static void Signal(int pid, int signal)
    {
        if (Libc.Kill(pid, signal) != 0 && Errno.Last != Errno.ESRCH)
            throw new SyscallException($"kill {pid} with signal {signal}", Errno.Last);
    }
}
