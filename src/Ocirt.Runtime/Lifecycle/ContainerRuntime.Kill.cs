using Ocirt.Runtime.Cgroups;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public void Kill(string id, int signal, bool all)
    {
        CheckId(id);
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        if (StatusOf(s) == "stopped")
        {
            if (all) return;
            throw new OcirtException("container not running");
        }
        // Without a private PID namespace, SIGKILL must reach every process of the container (runc ≥ 1.2).
        if (s.CgroupDir != null && (all || (signal == 9 && !s.OwnPidNamespace)))
        {
            foreach (int pid in CgroupV2.Pids(s.CgroupDir)) Signal(pid, signal);
            return;
        }
        Signal(s.InitPid, signal);
    }
}
