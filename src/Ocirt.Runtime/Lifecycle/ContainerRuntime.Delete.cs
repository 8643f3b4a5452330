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
            if (CgroupV2.HasProcesses(s.CgroupDir)) CgroupV2.KillAll(s.CgroupDir);
            if (s.CgroupCreated) CgroupV2.Remove(s.CgroupDir);
        }
        Diagnostics.FaultPoint.Hit("delete-cgroup");
        _store.Remove(s.Id);
        try
        {
            if (poststop != null) Hooks.HookRunner.RunAll("poststop", poststop, HookStateOf(s, "stopped"));
        }
        catch (OcirtException e)
        {
            // The spec: a failing poststop hook is logged and the delete goes on.
            Diagnostics.RuntimeLog.Warn(e.Message);
        }
    }
}
