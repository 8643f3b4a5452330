using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.State;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public void Delete(string id, bool force)
    {
        CheckId(id);
        if (!_store.Exists(id))
        {
            if (!force) throw new OcirtException("container does not exist");
            _store.Remove(id); // a half-made directory from a crashed create
            return;
        }
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        string status = StatusOf(s);
        switch (status)
        {
            case "stopped":
                break;
            case "created":
                KillAndWait(s);
                break;
            default:
                if (!force) throw new OcirtException($"cannot delete container {id} that is not stopped: {status}");
                KillAndWait(s);
                break;
        }
        Destroy(s);
    }

    private static void KillAndWait(StoredState s)
    {
        if (s.CgroupDir != null) CgroupV2.KillAll(s.CgroupDir);
        Signal(s.InitPid, 9);
        if (!WaitGone(s, 10_000)) throw new OcirtException($"container init (pid {s.InitPid}) did not exit after SIGKILL");
    }

    /// <summary>Removes what create made: leftover processes, the cgroup, the state directory.</summary>
    private void Destroy(StoredState s)
    {
        // Read before the state dir goes: poststop hooks run after it.
        var poststop = s.HasHooks ? _store.LoadConfig(s.Id).Hooks?.Poststop : null;
        if (s.CgroupDir != null && Directory.Exists(s.CgroupDir))
        {
            // SIGKILL first: systemd's stop would send SIGTERM and wait up to TimeoutStopSec for what ignores it.
            if (CgroupV2.HasProcesses(s.CgroupDir)) CgroupV2.KillAll(s.CgroupDir);
            // systemd stops the unit: it waits for the cgroup to empty and removes it. A scope whose processes have
            // all exited is already gone with its cgroup (systemd stops an empty scope itself): no bus call then.
            if (s.SystemdUnit != null) Cgroups.Systemd.SystemdPlacement.Stop(s.SystemdUnit);
            if (s.CgroupCreated) CgroupV2.Remove(s.CgroupDir);
        }
        _store.Remove(s.Id);
        // The spec: a failing poststop hook is logged, the remaining ones run and the delete goes on.
        try
        {
            foreach (string failure in Hooks.HookRunner.RunEach("poststop", poststop, HookStateOf(s, "stopped")))
                Diagnostics.RuntimeLog.Warn(failure);
        }
        catch (OcirtException e) { Diagnostics.RuntimeLog.Warn(e.Message); } // no pipe for the hooks: still deleted
    }
}
