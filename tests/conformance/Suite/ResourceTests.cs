using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// linux.resources in the cgroup v2 view (only hugetlb is a real controller here; memory, pids, cpu, io are bound
/// to the host's v1 hierarchies): the device eBPF filter, hugetlb limits, zero values, and clear refusals.
/// </summary>
public sealed class ResourceTests : ContainerTest
{
    private const string Parent = "ocirt-res-test";

    public ResourceTests()
    {
        OnCleanup(() =>
        {
            ForceDeleteAll(Rt); // the containers first: the parent can only go once it is empty
            string dir = Path.Combine(Preconditions.CgroupRoot, Parent);
            if (Directory.Exists(dir) && Directory.GetDirectories(dir).Length == 0)
                try { Directory.Delete(dir); } catch (IOException) { }
        });
    }

    private BusyboxBundle Resources(Action<JsonObject> edit) => Bundle.Edit(c =>
    {
        var r = c["linux"]!["resources"] as JsonObject ?? new JsonObject();
        edit(r);
        c["linux"]!["resources"] = r.DeepClone();
    });

    private void AssertNothingLeft(string id)
    {
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)), "the state dir must be removed");
        Assert.False(Directory.Exists(Path.Combine(Preconditions.CgroupRoot, Parent, id)), "the cgroup must be removed");
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void Default_device_rules_allow_dev_null_and_deny_other_devices()
    {
        // /dev/loop-control (c 10:237) is not among runc's default devices; opening it needs no capability.
        Skip.If(!File.Exists("/dev/loop-control"), "needs /dev/loop-control on the host");
        Bundle.AddMount("/lc", "bind", "/dev/loop-control", "bind")
              .Shell("echo x > /dev/null && head -c 4 /dev/zero | wc -c && (: < /lc) 2>&1; echo open=$?");
        var r = Rt.Run("run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("4", r.Stdout.Split('\n'));
        Assert.Contains("Operation not permitted", r.Stdout);
        Assert.Contains("open=1", r.Stdout);
    }

    [Fact]
    public void A_device_allow_rule_lets_the_container_open_that_device()
    {
        Skip.If(!File.Exists("/dev/loop-control"), "needs /dev/loop-control on the host");
        Resources(r => r["devices"]!.AsArray().Add(new JsonObject { ["allow"] = true, ["type"] = "c", ["major"] = 10, ["minor"] = 237, ["access"] = "rw" }));
        Bundle.AddMount("/lc", "bind", "/dev/loop-control", "bind").Shell("(: < /lc) 2>&1; echo open=$?");
        var r = Rt.Run("run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("open=0", r.Stdout);
    }

    [Fact]
    public void Docker_style_zero_values_need_no_controller()
    {
        Resources(r =>
        {
            r["memory"] = new JsonObject();
            r["cpu"] = new JsonObject { ["shares"] = 0, ["quota"] = 0, ["period"] = 0 };
            r["blockIO"] = new JsonObject { ["weight"] = 0 };
        });
        Assert.Equal("ok\n", Observe("echo ok"));
    }

    [Fact]
    public void Hugetlb_limit_is_written_to_the_container_cgroup()
    {
        string id = NewId();
        string dir = Path.Combine(Preconditions.CgroupRoot, Parent, id);
        Skip.If(!File.ReadAllText(Path.Combine(Preconditions.CgroupRoot, "cgroup.controllers")).Contains("hugetlb"), "needs the hugetlb controller");
        Resources(r => r["hugepageLimits"] = new JsonArray(new JsonObject { ["pageSize"] = "2MB", ["limit"] = 4194304 }));
        Bundle.Args("sleep", "1000").CgroupsPath($"/{Parent}/{id}");
        Rt.Must("run", "-d", id);
        Assert.Equal("4194304", File.ReadAllText(Path.Combine(dir, "hugetlb.2MB.max")).Trim());
        Assert.Contains("hugetlb", File.ReadAllText(Path.Combine(Preconditions.CgroupRoot, Parent, "cgroup.subtree_control")));
        Rt.Must("delete", "-f", id);
    }

    [Fact]
    public void A_limit_whose_controller_is_missing_fails_naming_field_and_controller_and_leaves_nothing()
    {
        string id = NewId();
        Resources(r => r["memory"] = new JsonObject { ["limit"] = 104857600 });
        Bundle.Args("true").CgroupsPath($"/{Parent}/{id}");
        if (File.ReadAllText(Path.Combine(Preconditions.CgroupRoot, "cgroup.controllers")).Contains("memory"))
        {
            // A full cgroup v2 host: the limit must then simply be applied.
            Rt.Must("create", id);
            Assert.Equal("104857600", File.ReadAllText(Path.Combine(Preconditions.CgroupRoot, Parent, id, "memory.max")).Trim());
            return;
        }
        Rt.MustFail("linux.resources.memory: the memory controller is not available in cgroup v2", "create", id);
        AssertNothingLeft(id);
    }

    [Fact]
    public void Unlimited_values_on_a_missing_controller_are_not_errors()
    {
        Resources(r =>
        {
            r["pids"] = new JsonObject { ["limit"] = -1 };
            r["memory"] = new JsonObject { ["limit"] = -1, ["swap"] = -1 };
        });
        Assert.Equal("ok\n", Observe("echo ok"));
    }

    [Fact]
    public void A_unified_key_that_is_not_controller_dot_file_is_refused_naming_the_key()
    {
        string id = NewId();
        Resources(r => r["unified"] = new JsonObject { ["nodot"] = "1" });
        Bundle.CgroupsPath($"/{Parent}/{id}");
        var r = Rt.MustFail("must be in the form CONTROLLER.PARAMETER", "create", id);
        Assert.Contains("linux.resources.unified[", r.Stderr);
        Assert.Contains("nodot", r.Stderr);
        AssertNothingLeft(id);
    }

    [Fact]
    public void Realtime_cpu_is_refused_on_cgroup_v2()
    {
        string id = NewId();
        Resources(r => r["cpu"] = new JsonObject { ["realtimeRuntime"] = 950000, ["realtimePeriod"] = 1000000 });
        Rt.MustFail("linux.resources.cpu.realtimeRuntime: realtime CPU scheduling", "create", id);
        AssertNothingLeft(id);
    }
}
