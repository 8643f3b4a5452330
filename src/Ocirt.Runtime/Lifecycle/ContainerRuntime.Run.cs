using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    /// <summary>Signals a foreground run forwards to the container (not CHLD, WINCH, URG: runc's rule).</summary>
    private static readonly int[] ForwardedSignals = [1, 2, 3, 10, 12, 14, 15];

    public unsafe int Run(RunRequest request)
    {
        if (!request.Detach && !request.NoSubreaper)
            Libc.Prctl(Prctl.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        using var created = CreateCore(request.Create, request.Detach);
        var s = created.State;
        if (request.Detach)
        {
            Start(s.Id);
            return 0;
        }

        int status;
        try
        {
            status = Supervise(s.InitPid, created.TerminalMaster, () => Start(s.Id));
        }
        catch
        {
            if (!request.Keep) TryDelete(s.Id);
            throw;
        }
        if (!request.Keep) TryDelete(s.Id);
        return status;
    }

    /// <summary>
    /// Foreground: forwards signals to pid, proxies the terminal if there is one, and returns the
    /// exit status once pid (our child) exits. release runs after the handlers are in place.
    /// </summary>
    private static int Supervise(int pid, int terminalMaster, Action release)
    {
        var registrations = ForwardedSignals
            .Select(sig => PosixSignalRegistration.Create((PosixSignal)sig, ctx => { ctx.Cancel = true; Libc.Kill(pid, sig); }))
            .ToList();
        Terminal.TerminalProxy? proxy = null;
        try
        {
            release();
            if (terminalMaster >= 0) proxy = new Terminal.TerminalProxy(Interop.Tty.Dup(terminalMaster));
            return WaitForExit(pid);
        }
        finally
        {
            proxy?.Dispose();
            foreach (var r in registrations) r.Dispose();
        }
    }

    /// <summary>Reaps children (we are a subreaper) until the init exits; returns its status as a shell would.</summary>
    private static unsafe int WaitForExit(int initPid)
    {
        while (true)
        {
            int raw;
            int pid = Libc.Waitpid(-1, &raw, 0);
            if (pid < 0)
            {
                if (Errno.Last == Errno.EINTR) continue;
                return 255; // ECHILD: someone else reaped it
            }
            if (pid != initPid) continue;
            int sig = raw & 0x7f;
            return sig == 0 ? (raw >> 8) & 0xff : 128 + sig;
        }
    }

    private void TryDelete(string id)
    {
        try { Delete(id, force: true); }
        catch (OcirtException e) { Diagnostics.RuntimeLog.Warn($"delete {id}: {e.Message}"); }
    }
}
