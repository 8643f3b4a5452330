using Ocirt.Runtime.Interop;
using Ocirt.Runtime.State;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public void Start(string id)
    {
        CheckId(id);
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        switch (StatusOf(s))
        {
            case "stopped": throw new OcirtException("cannot start a container that has stopped");
            case "running": throw new OcirtException("cannot start an already running container");
            case "paused": throw new OcirtException("cannot start a container in the paused state");
        }
        var trace = new Diagnostics.StartupTrace(Options.Debug);
        ReleaseInit(s);
        trace.Mark("start-release");
        trace.Flush();
        if (!s.HasHooks) return;
        // Every poststart hook runs (runtime-spec); then, as runc, a failure kills the container and fails `start`.
        var failures = Hooks.HookRunner.RunEach("poststart", _store.LoadConfig(s.Id).Hooks?.Poststart, HookStateOf(s, "running"));
        if (failures.Count == 0) return;
        Signal(s.InitPid, 9);
        throw new OcirtException(string.Join("; ", failures));
    }

    private static Hooks.HookState HookStateOf(StoredState s, string status) => new()
    {
        Id = s.Id, Status = status, Pid = status == "stopped" ? 0 : s.InitPid, Bundle = s.Bundle, Annotations = s.Annotations,
    };

    /// <summary>Reads the init's byte from exec.fifo (which unblocks it), then removes the fifo.</summary>
    private unsafe void ReleaseInit(StoredState s)
    {
        string fifo = _store.FifoOf(s.Id);
        int fd = Libc.Open(fifo, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0) throw new SyscallException($"open exec fifo {fifo}", Errno.Last);
        try
        {
            while (true)
            {
                var pfd = new PollFd { Fd = fd, Events = 1 };
                int r = Libc.Poll(&pfd, 1, 100);
                if (r > 0)
                {
                    byte b;
                    nint n = Libc.Read(fd, &b, 1);
                    if (n == 1) break;
                    if (n < 0 && (Errno.Last == Errno.EAGAIN || Errno.Last == Errno.EINTR)) continue;
                }
                if (r < 0 && Errno.Last != Errno.EINTR) throw new SyscallException("poll exec fifo", Errno.Last);
                if (!ProcStat.IsAlive(s.InitPid, s.InitStartTime))
                    throw new OcirtException("cannot start a container that has stopped");
            }
        }
        finally { Libc.Close(fd); }
        File.Delete(fifo);
    }
}
