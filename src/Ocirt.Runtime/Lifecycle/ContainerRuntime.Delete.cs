using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.State;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public void Delete(string id, bool force)
    {
        CheckId(id);
        // A create in progress holds the lock: we wait for it, then see what it left.
        using var _ = _store.TryLock(id);
        if (!_store.Exists(id))
        {
            if (!force) throw new OcirtException("container does not exist");
            RemoveHalfCreated(id);
            return;
        }
        var s = _store.Load(id);
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
        Diagnostics.FaultPoint.Hit("delete-killed");
        Destroy(s);
    }

    /// <summary>
    /// delete --force of an id whose create never finished (killed, or the machine stopped): its cgroup and
    /// processes as the creation record names them, then the directory (exec.fifo, config.json). runc only
    /// removes the directory, silently; we also say what we found.
    /// </summary>
    private void RemoveHalfCreated(string id)
    {
        string dir = _store.DirOf(id);
        if (!Directory.Exists(dir)) return;
        var found = new List<string>();
        var record = CreationRecord.Read(dir);
        if (record is { InitPid: > 0 } && ProcStat.IsAlive(record.InitPid, record.InitStartTime))
        {
            // Outside the cgroup until it joins (small memory limits): killed by pid, checked against reuse.
            Signal(record.InitPid, 9);
            found.Add($"init (pid {record.InitPid}) killed");
        }
        if (record?.CgroupDir is { } cgroup && Directory.Exists(cgroup))
        {
            if (CgroupV2.HasProcesses(cgroup))
            {
                CgroupV2.KillAll(cgroup);
                found.Add($"processes of {cgroup} killed");
            }
            if (record.CgroupCreated)
            {
                CgroupV2.Remove(cgroup);
                found.Add($"cgroup {cgroup} removed");
            }
        }
        // A scope whose processes are all gone was stopped by systemd with its cgroup: no bus call then.
        if (record?.SystemdUnit is { } unit && record.CgroupDir != null && Directory.Exists(record.CgroupDir))
        {
            Cgroups.Systemd.SystemdPlacement.Stop(unit);
            found.Add($"systemd unit {unit} stopped");
        }
        _store.Remove(id);
        found.Add($"{dir} removed");
        Diagnostics.RuntimeLog.Warn($"container {id} was never fully created: {string.Join(", ", found)}");
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
        Diagnostics.FaultPoint.Hit("delete-cgroup");
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
