using Ocirt.Runtime.Cgroups;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public void Kill(string id, int signal, bool all)
    {
        CheckId(id);
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        bool stopped = StatusOf(s) == "stopped";
        if (stopped && !all) throw new OcirtException("container not running");
        // Without a private PID namespace, SIGKILL must reach every process of the container (runc ≥ 1.2).
        // --all reaches them even when the init has exited (runc): in a shared PID namespace its children
        // outlive it, and containerd's shim relies on `kill --all` to end them.
        if (s.CgroupDir != null && (all || (signal == 9 && !s.OwnPidNamespace)))
        {
            if (Directory.Exists(s.CgroupDir))
                foreach (int pid in CgroupV2.Pids(s.CgroupDir)) Signal(pid, signal);
            return;
        }
        if (stopped) return;
        Signal(s.InitPid, signal);
    }
}
