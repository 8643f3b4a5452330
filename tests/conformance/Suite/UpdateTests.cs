using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>`update` on a live container in the cgroup v2 view (hugetlb is the controller that exists here).</summary>
public sealed class UpdateTests : ContainerTest
{
    private const string Parent = "ocirt-upd-test";

    public UpdateTests()
    {
        OnCleanup(() =>
        {
            ForceDeleteAll(Rt); // the containers first: the parent can only go once it is empty
            string dir = Path.Combine(Preconditions.CgroupRoot, Parent);
            if (Directory.Exists(dir) && Directory.GetDirectories(dir).Length == 0)
                try { Directory.Delete(dir); } catch (IOException) { }
        });
    }

    private string StartSleeper(string id)
    {
        Bundle.Args("sleep", "1000").CgroupsPath($"/{Parent}/{id}")
              .Edit(c => c["linux"]!["resources"]!["hugepageLimits"] = new JsonArray(new JsonObject { ["pageSize"] = "2MB", ["limit"] = 2097152 }));
        Rt.Must("run", "-d", id);
        return Path.Combine(Preconditions.CgroupRoot, Parent, id);
    }

    private JsonObject StoredResources(string id) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(StateRoot, id, "config.json")))!["linux"]!["resources"]!.AsObject();

    [Fact]
    public void Resources_from_stdin_are_written_live_and_persisted()
    {
        string id = NewId();
        string dir = StartSleeper(id);
        Assert.Equal("2097152", File.ReadAllText(Path.Combine(dir, "hugetlb.2MB.max")).Trim());
        // As go-runc does it: update --resources - ID, the JSON on stdin.
        var r = Exec.Run("/bin/sh", ["-c", "printf '%s' \"$1\" | \"$2\" --root \"$3\" update --resources - \"$4\"", "sh",
            "{\"unified\":{\"hugetlb.2MB.max\":\"6291456\"}}", Rt.Binary, Rt.Root, id]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("6291456", File.ReadAllText(Path.Combine(dir, "hugetlb.2MB.max")).Trim());
        var stored = StoredResources(id);
        Assert.Equal("6291456", stored["unified"]!["hugetlb.2MB.max"]!.GetValue<string>());
        Assert.NotNull(stored["devices"]); // device rules are kept as they were
        Assert.Equal("running", Rt.Status(id));
    }

    [Fact]
    public void A_docker_style_all_zero_update_succeeds_and_changes_nothing()
    {
        string id = NewId();
        string dir = StartSleeper(id);
        const string json = "{\"memory\":{\"limit\":0,\"reservation\":0,\"swap\":0,\"kernel\":0},"
            + "\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0,\"realtimeRuntime\":0,\"realtimePeriod\":0,\"cpus\":\"\",\"mems\":\"\"},"
            + "\"blockIO\":{\"weight\":0},\"pids\":{\"limit\":0}}";
        string file = Path.Combine(Bundle.Dir, "resources.json");
        File.WriteAllText(file, json);
        Rt.Must("update", "-r", file, id);
        Assert.Equal("2097152", File.ReadAllText(Path.Combine(dir, "hugetlb.2MB.max")).Trim());
        var stored = StoredResources(id);
        Assert.Null(stored["memory"]);
        Assert.Null(stored["pids"]);
    }

    [Fact]
    public void Flags_that_need_a_missing_controller_fail_naming_it_and_leave_the_container_running()
    {
        Skip.If(File.ReadAllText(Path.Combine(Preconditions.CgroupRoot, "cgroup.controllers")).Contains("pids"), "the pids controller is available here");
        string id = NewId();
        StartSleeper(id);
        Rt.MustFail("the pids controller is not available", "update", "--pids-limit", "10", id);
        Assert.Null(StoredResources(id)["pids"]);
        Assert.Equal("running", Rt.Status(id));
        // "unlimited" needs no controller
        Rt.Must("update", "--pids-limit", "-1", id);
    }

    [Fact]
    public void Bad_flag_values_and_stopped_containers_are_refused()
    {
        string id = NewId();
        StartSleeper(id);
        Rt.MustFail("invalid value for memory", "update", "--memory", "lots", id);
        Rt.MustFail("Intel RDT/CAT: l3 cache schema is not enabled", "update", "--l3-cache-schema", "L3:0=f", id);
        Rt.MustFail("realtime CPU scheduling", "update", "--cpu-rt-runtime", "1000", id);
        Rt.MustFail("container does not exist", "update", "--pids-limit", "1", "nosuch");
        Rt.Must("kill", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        Rt.MustFail("container not running", "update", "--pids-limit", "-1", id);
    }
}
