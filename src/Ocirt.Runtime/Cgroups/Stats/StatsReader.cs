namespace Ocirt.Runtime.Cgroups.Stats;

/// <summary>
/// A container's stats from its cgroup v2 files (runc fs2 GetStats). Whatever a missing controller would
/// provide stays zero or absent: in the hybrid-host v2 view only cpu.stat's core counters, pids by cgroup.procs,
/// hugetlb and PSI exist.
/// </summary>
public static class StatsReader
{
    public static Stats Read(string dir)
    {
        var s = new Stats();
        ReadCpu(dir, s.Cpu);
        ReadCpuSet(dir, s.CpuSet);
        ReadMemory(dir, s.Memory);
        ReadPids(dir, s.Pids);
        ReadIo(dir, s.Blkio);
        ReadHugetlb(dir, s);
        return s;
    }

    private static void ReadCpu(string dir, Cpu cpu)
    {
        var kv = StatFiles.KeyValues(StatFiles.Read(dir, "cpu.stat"));
        ulong Get(string k) => kv.TryGetValue(k, out ulong v) ? v : 0;
        cpu.Usage.Total = Get("usage_usec") * 1000;
        cpu.Usage.User = Get("user_usec") * 1000;
        cpu.Usage.Kernel = Get("system_usec") * 1000;
        cpu.Throttling.Periods = Get("nr_periods");
        cpu.Throttling.ThrottledPeriods = Get("nr_throttled");
        cpu.Throttling.ThrottledTime = Get("throttled_usec") * 1000;
        cpu.Psi = StatFiles.Psi(StatFiles.Read(dir, "cpu.pressure"));
    }

    private static void ReadCpuSet(string dir, CpuSet cpuset)
    {
        cpuset.Cpus = StatFiles.CpuList(StatFiles.Read(dir, "cpuset.cpus.effective"));
        cpuset.Mems = StatFiles.CpuList(StatFiles.Read(dir, "cpuset.mems.effective"));
    }

    private static void ReadMemory(string dir, Memory memory)
    {
        memory.Psi = StatFiles.Psi(StatFiles.Read(dir, "memory.pressure"));
        if (StatFiles.Number(StatFiles.Read(dir, "memory.current")) is not { } usage) return; // no memory controller
        var raw = StatFiles.KeyValues(StatFiles.Read(dir, "memory.stat"));
        memory.Raw = new SortedDictionary<string, ulong>(raw, StringComparer.Ordinal);
        memory.Cache = raw.TryGetValue("file", out ulong file) ? file : 0;
        var events = StatFiles.KeyValues(StatFiles.Read(dir, "memory.events"));
        memory.Usage = new MemoryEntry
        {
            Usage = usage,
            Limit = StatFiles.Number(StatFiles.Read(dir, "memory.max")) ?? ulong.MaxValue,
            Max = StatFiles.Number(StatFiles.Read(dir, "memory.peak")) ?? 0,
            Failcnt = events.TryGetValue("max", out ulong hits) ? hits : 0,
        };
        // runc reports swap as memory+swap (the cgroup v1 meaning) for compatibility.
        ulong swapUsage = StatFiles.Number(StatFiles.Read(dir, "memory.swap.current")) ?? 0;
        ulong swapLimit = StatFiles.Number(StatFiles.Read(dir, "memory.swap.max")) ?? ulong.MaxValue;
        memory.Swap = new MemoryEntry
        {
            Usage = swapUsage + usage,
            Limit = swapLimit == ulong.MaxValue || memory.Usage.Limit == ulong.MaxValue ? ulong.MaxValue : swapLimit + memory.Usage.Limit,
        };
    }

    private static void ReadPids(string dir, Pids pids)
    {
        if (StatFiles.Number(StatFiles.Read(dir, "pids.current")) is { } current)
        {
            pids.Current = current;
            ulong max = StatFiles.Number(StatFiles.Read(dir, "pids.max")) ?? 0;
            pids.Limit = max == ulong.MaxValue ? 0 : max; // runc: unlimited is 0
            return;
        }
        // No pids controller: count the processes of the subtree, as runc does.
        pids.Current = (ulong)CountProcs(dir);
    }

    private static int CountProcs(string dir)
    {
        int n = CgroupV2.Pids(dir).Count;
        try { foreach (string sub in Directory.EnumerateDirectories(dir)) n += CountProcs(sub); }
        catch (IOException) { }
        return n;
    }

    private static void ReadIo(string dir, Blkio blkio)
    {
        blkio.Psi = StatFiles.Psi(StatFiles.Read(dir, "io.pressure"));
        var devices = StatFiles.IoStat(StatFiles.Read(dir, "io.stat"));
        if (devices.Count == 0) return;
        blkio.IoServiceBytesRecursive = [];
        blkio.IoServicedRecursive = [];
        foreach (var (major, minor, v) in devices)
        {
            void Add(List<BlkioEntry> list, string key, string op)
            {
                if (v.TryGetValue(key, out ulong value)) list.Add(new BlkioEntry { Major = major, Minor = minor, Op = op, Value = value });
            }
            Add(blkio.IoServiceBytesRecursive, "rbytes", "Read");
            Add(blkio.IoServiceBytesRecursive, "wbytes", "Write");
            Add(blkio.IoServicedRecursive, "rios", "Read");
            Add(blkio.IoServicedRecursive, "wios", "Write");
        }
    }

    private static void ReadHugetlb(string dir, Stats s)
    {
        IEnumerable<string> files;
        try { files = Directory.EnumerateFiles(dir, "hugetlb.*.current").Select(Path.GetFileName).OfType<string>().ToList(); }
        catch (IOException) { return; }
        foreach (string file in files)
        {
            string size = file["hugetlb.".Length..^".current".Length];
            if (size.EndsWith(".rsvd")) continue;
            var events = StatFiles.KeyValues(StatFiles.Read(dir, $"hugetlb.{size}.events"));
            s.Hugetlb[size] = new Hugetlb
            {
                Usage = StatFiles.Number(StatFiles.Read(dir, file)) ?? 0,
                Failcnt = events.TryGetValue("max", out ulong f) ? f : 0,
            };
        }
    }

    /// <summary>memory.events oom_kill: the count whose increase is an OOM event.</summary>
    public static ulong OomKills(string dir) =>
        StatFiles.KeyValues(StatFiles.Read(dir, "memory.events")).TryGetValue("oom_kill", out ulong n) ? n : 0;
}
