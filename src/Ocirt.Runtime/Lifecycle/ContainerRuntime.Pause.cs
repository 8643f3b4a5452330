using Ocirt.Runtime.Cgroups;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    /// <summary>pause: freeze the cgroup (allowed for running and created containers, as runc).</summary>
    public void Pause(string id)
    {
        var s = LoadRunning(id);
        CgroupV2.Freeze(s.CgroupDir!, true);
    }

    public void Resume(string id)
    {
        CheckId(id);
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        if (StatusOf(s) != "paused") throw new OcirtException("container not paused");
        CgroupV2.Freeze(s.CgroupDir!, false);
    }

    /// <summary>Host PIDs of every process in the container's cgroup; empty once it is gone.</summary>
    public IReadOnlyList<int> Processes(string id)
    {
        CheckId(id);
        var s = _store.Load(id);
        return s.CgroupDir != null ? CgroupV2.Pids(s.CgroupDir) : [];
    }

    private State.StoredState LoadRunning(string id)
    {
        CheckId(id);
        var s = _store.Load(id);
        using var _ = _store.Lock(id);
        if (StatusOf(s) == "stopped") throw new OcirtException("container not running");
        if (s.CgroupDir == null) throw new OcirtException("container has no cgroup");
        return s;
    }
}
