using System.Text.Json;
using System.Text.Json.Nodes;
using Ocirt.Runtime.Cgroups.Stats;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>cgroup v2 stat files → runc's events JSON, from a fake cgroup directory of plain files.</summary>
public sealed class StatsReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocirt-unit-stats-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string file, string text) => File.WriteAllText(Path.Combine(_dir, file), text);

    private JsonNode Json(Stats s) =>
        JsonNode.Parse(JsonSerializer.Serialize(new ContainerEvent { Type = "stats", Id = "c1", Data = s }, StatsJsonContext.Default.ContainerEvent))!;

    [Fact]
    public void Full_controllers_map_like_runcs_fs2()
    {
        Write("cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\nnr_throttled 3\nthrottled_usec 200\n");
        Write("memory.current", "4096\n");
        Write("memory.max", "8192\n");
        Write("memory.stat", "anon 1024\nfile 2048\n");
        Write("memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n");
        Write("memory.swap.current", "100\n");
        Write("memory.swap.max", "max\n");
        Write("pids.current", "3\n");
        Write("pids.max", "max\n");
        Write("io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
        Write("hugetlb.2MB.current", "2097152\n");
        Write("hugetlb.2MB.events", "max 4\n");
        Write("hugetlb.2MB.rsvd.current", "0\n");
        Write("cpuset.cpus.effective", "0-2,5\n");
        var j = Json(StatsReader.Read(_dir));
        var d = j["data"]!;
        Assert.Equal("stats", j["type"]!.GetValue<string>());
        Assert.Equal("c1", j["id"]!.GetValue<string>());
        Assert.Equal(1_500_000UL, d["cpu"]!["usage"]!["total"]!.GetValue<ulong>());
        Assert.Equal(1_000_000UL, d["cpu"]!["usage"]!["user"]!.GetValue<ulong>());
        Assert.Equal(500_000UL, d["cpu"]!["usage"]!["kernel"]!.GetValue<ulong>());
        Assert.Equal(3UL, d["cpu"]!["throttling"]!["throttledPeriods"]!.GetValue<ulong>());
        Assert.Equal(200_000UL, d["cpu"]!["throttling"]!["throttledTime"]!.GetValue<ulong>());
        Assert.Equal(4096UL, d["memory"]!["usage"]!["usage"]!.GetValue<ulong>());
        Assert.Equal(8192UL, d["memory"]!["usage"]!["limit"]!.GetValue<ulong>());
        Assert.Equal(7UL, d["memory"]!["usage"]!["failcnt"]!.GetValue<ulong>());
        Assert.Equal(2048UL, d["memory"]!["cache"]!.GetValue<ulong>());
        Assert.Equal(4196UL, d["memory"]!["swap"]!["usage"]!.GetValue<ulong>());      // memory + swap, as v1
        Assert.Equal(ulong.MaxValue, d["memory"]!["swap"]!["limit"]!.GetValue<ulong>());
        Assert.Equal(1024UL, d["memory"]!["raw"]!["anon"]!.GetValue<ulong>());
        Assert.Equal(3UL, d["pids"]!["current"]!.GetValue<ulong>());
        Assert.Null(d["pids"]!["limit"]); // unlimited: 0, omitted
        var bytes = d["blkio"]!["ioServiceBytesRecursive"]!.AsArray();
        Assert.Equal(["Read:4096", "Write:8192"], bytes.Select(e => $"{e!["op"]}:{e["value"]}"));
        Assert.Null(bytes[0]!["minor"]); // minor 0: omitempty
        Assert.Equal(2097152UL, d["hugetlb"]!["2MB"]!["usage"]!.GetValue<ulong>());
        Assert.Equal(4UL, d["hugetlb"]!["2MB"]!["failcnt"]!.GetValue<ulong>());
        Assert.Single(d["hugetlb"]!.AsObject());
        Assert.Equal([0, 1, 2, 5], d["cpuset"]!["cpus"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(1UL, StatsReader.OomKills(_dir));
    }

    [Fact]
    public void Missing_controllers_give_zeros_and_runcs_always_present_fields()
    {
        Write("cpu.stat", "usage_usec 10\nuser_usec 4\nsystem_usec 6\n");
        Write("cgroup.procs", "12\n13\n");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        Write("sub/cgroup.procs", "14\n");
        var d = Json(StatsReader.Read(_dir))["data"]!;
        Assert.Equal(3UL, d["pids"]!["current"]!.GetValue<ulong>()); // counted from cgroup.procs, subtree included
        Assert.Equal(0UL, d["memory"]!["usage"]!["limit"]!.GetValue<ulong>());
        Assert.Equal(0UL, d["memory"]!["usage"]!["failcnt"]!.GetValue<ulong>());
        Assert.Null(d["memory"]!["raw"]);
        Assert.Equal("{}", d["cpu"]!["throttling"]!.ToJsonString());
        Assert.Equal("{}", d["intel_rdt"]!.ToJsonString());
        Assert.Equal("{}", d["hugetlb"]!.ToJsonString());
        Assert.True(d.AsObject().ContainsKey("network_interfaces"));
        Assert.Equal(0UL, StatsReader.OomKills(_dir));
    }

    [Fact]
    public void Pressure_lines_are_parsed()
    {
        var psi = StatFiles.Psi("some avg10=1.50 avg60=0.25 avg300=0.00 total=123\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=45\n")!;
        Assert.Equal(1.5, psi.Some.Avg10);
        Assert.Equal(123UL, psi.Some.Total);
        Assert.Equal(45UL, psi.Full.Total);
    }

    [Fact]
    public void An_oom_event_has_no_data()
    {
        string json = JsonSerializer.Serialize(new ContainerEvent { Type = "oom", Id = "c1" }, StatsJsonContext.Default.ContainerEvent);
        Assert.Equal("""{"type":"oom","id":"c1"}""", json);
    }
}
