using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>`events` on real containers in the cgroup v2 view (what docker stats reads).</summary>
public sealed class EventsTests : ContainerTest
{
    [Fact]
    public void Stats_prints_one_stats_object_with_the_id_and_cpu_usage()
    {
        string id = NewId();
        Bundle.Shell("i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 1000");
        Rt.Must("run", "-d", id);
        Thread.Sleep(300);
        var r = Rt.Must("events", "--stats", id);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        var e = JsonNode.Parse(lines[0])!;
        Assert.Equal("stats", e["type"]!.GetValue<string>());
        Assert.Equal(id, e["id"]!.GetValue<string>());
        var data = e["data"]!;
        Assert.True(data["cpu"]!["usage"]!["total"]!.GetValue<ulong>() > 0, "the container has used cpu: " + lines[0]);
        Assert.True(data["pids"]!["current"]!.GetValue<ulong>() >= 1, lines[0]);
        foreach (string key in new[] { "memory", "blkio", "hugetlb", "cpuset", "intel_rdt" }) Assert.NotNull(data[key]);
    }

    [Fact]
    public void Streaming_emits_stats_every_interval_and_ends_when_the_container_stops()
    {
        string id = NewId();
        Bundle.Args("sleep", "1000");
        Rt.Must("run", "-d", id);
        var killer = Task.Run(() => { Thread.Sleep(1200); Rt.Run("kill", id, "KILL"); });
        var r = Rt.RunWithTimeout(10_000, "events", "--interval", "200ms", id);
        killer.Wait();
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 3, 8);
        Assert.All(lines, l => Assert.Equal("stats", JsonNode.Parse(l)!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Stopped_and_missing_containers_are_errors()
    {
        string id = NewId();
        Bundle.Args("true");
        Rt.Must("run", "-d", "--keep", id);
        Rt.WaitForStatus(id, "stopped");
        Rt.MustFail($"container with id {id} is not running", "events", "--stats", id);
        Rt.MustFail("container does not exist", "events", "--stats", "nosuch");
        Rt.MustFail("duration interval must be greater than 0", "events", "--interval", "0", id);
    }
}
