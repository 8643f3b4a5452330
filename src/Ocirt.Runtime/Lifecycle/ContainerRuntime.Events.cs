using Ocirt.Runtime.Cgroups.Stats;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    /// <summary>events --stats: one sample of the container's cgroup.</summary>
    public ContainerEvent StatsEvent(string id)
    {
        var s = LoadForEvents(id);
        return new ContainerEvent { Type = "stats", Id = id, Data = StatsReader.Read(s.CgroupDir!) };
    }

    /// <summary>
    /// events: a stats event every interval (the first after one interval, like Go's time.Tick) and an oom event
    /// whenever memory.events' oom_kill grows; returns when the container has stopped.
    /// </summary>
    public void WatchEvents(string id, TimeSpan interval, Action<ContainerEvent> emit)
    {
        var s = LoadForEvents(id);
        string dir = s.CgroupDir!;
        ulong oomKills = StatsReader.OomKills(dir);
        int pollMs = (int)Math.Clamp(interval.TotalMilliseconds, 1, 100);
        long nextStats = Environment.TickCount64 + (long)interval.TotalMilliseconds;
        while (StatusOf(s) != "stopped" && Directory.Exists(dir))
        {
            ulong now = StatsReader.OomKills(dir);
            if (now > oomKills) emit(new ContainerEvent { Type = "oom", Id = id });
            oomKills = Math.Max(now, oomKills);
            if (Environment.TickCount64 >= nextStats)
            {
                emit(new ContainerEvent { Type = "stats", Id = id, Data = StatsReader.Read(dir) });
                nextStats += (long)interval.TotalMilliseconds;
            }
            Thread.Sleep(pollMs);
        }
        // An OOM kill usually ends the container: report it even if it happened in the last poll interval.
        if (Directory.Exists(dir) && StatsReader.OomKills(dir) > oomKills) emit(new ContainerEvent { Type = "oom", Id = id });
    }

    private State.StoredState LoadForEvents(string id)
    {
        CheckId(id);
        var s = _store.Load(id);
        if (StatusOf(s) == "stopped" || s.CgroupDir == null) throw new OcirtException($"container with id {id} is not running");
        return s;
    }
}
