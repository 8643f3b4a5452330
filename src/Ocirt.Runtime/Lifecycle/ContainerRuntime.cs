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

    /// <summary>Waits until the init is gone (or a zombie); false on timeout.</summary>
    private static unsafe bool WaitGone(StoredState s, int timeoutMs)
    {
        // A pidfd becomes readable the moment the process exits: no polling interval to wait out.
        // Opened first, checked after, so it is known to be the init and not a reused pid.
        int pidfd = (int)Libc.Syscall(Libc.SYS_pidfd_open, s.InitPid, 0, 0, 0, 0);
        if (pidfd >= 0)
        {
            try
            {
                if (!ProcStat.IsAlive(s.InitPid, s.InitStartTime)) return true;
                var pfd = new PollFd { Fd = pidfd, Events = 1 /* POLLIN */ };
                long end = Environment.TickCount64 + timeoutMs;
                int r;
                while ((r = Libc.Poll(&pfd, 1, (int)Math.Max(0, end - Environment.TickCount64))) < 0 && Errno.Last == Errno.EINTR) { }
                if (r > 0) return true;
            }
            finally { Libc.Close(pidfd); }
        }
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
