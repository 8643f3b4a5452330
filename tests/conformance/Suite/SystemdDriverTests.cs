using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// --systemd-cgroup against a real systemd: the container's scope made with StartTransientUnit (runc's unit
/// names and properties), the init in it, pause/ps/exec working on its cgroup, delete stopping it, and every
/// failure leaving no unit, cgroup or state behind. Skipped with the reason where no systemd runs.
/// </summary>
[Trait("Category", "Systemd")]
public sealed class SystemdDriverTests : ContainerTest
{
    private readonly string _prefix = "ocirt-conf";

    private static string CgroupV2Of(int pid) =>
        Procfs.Cgroup(pid).Split('\n').FirstOrDefault(l => l.StartsWith("0::"))?[3..] ?? "";

    private ExecResult Sd(params string[] args) => Rt.Run(["--systemd-cgroup", .. args]);
    private void SdMust(params string[] args) => Rt.Must(["--systemd-cgroup", .. args]);

    private string StartedScope(string id, string slice = "system.slice")
    {
        Bundle.Args("sleep", "1000").CgroupsPath($"{slice}:{_prefix}:{id}");
        SdMust("run", "-d", id);
        return $"{_prefix}-{id}.scope";
    }

    [SystemdFact]
    public void Run_makes_the_scope_with_runcs_properties_and_the_init_is_in_it()
    {
        string id = NewId();
        string unit = StartedScope(id);
        Assert.Equal("active", Systemd.Show(unit, "ActiveState"));
        Assert.Equal("system.slice", Systemd.Show(unit, "Slice"));
        Assert.Equal("yes", Systemd.Show(unit, "Delegate"));
        Assert.Equal("no", Systemd.Show(unit, "DefaultDependencies"));
        Assert.Equal($"ocirt container {id}", Systemd.Show(unit, "Description"));
        foreach (string accounting in new[] { "MemoryAccounting", "CPUAccounting", "IOAccounting", "TasksAccounting" })
            Assert.Equal("yes", Systemd.Show(unit, accounting));
        string cgroup = $"/system.slice/{unit}";
        Assert.Equal(cgroup, Systemd.Show(unit, "ControlGroup"));
        int pid = Rt.Pid(id);
        Assert.Equal(cgroup, CgroupV2Of(pid));
        // ocirt was the scope's first process only until the init was in it: the init is alone there.
        Assert.Equal([pid.ToString()], File.ReadAllText($"/sys/fs/cgroup{cgroup}/cgroup.procs").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SystemdFact]
    public void The_container_sees_its_scope_as_the_root_of_its_cgroup_namespace()
    {
        Bundle.Shell("grep ^0:: /proc/self/cgroup").CgroupsPath($":{_prefix}:{NewId()}");
        var r = Rt.Run("--systemd-cgroup", "run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0::/", r.Stdout.Trim());
    }

    [SystemdFact]
    public void Delete_stops_the_unit_and_its_cgroup_goes()
    {
        string id = NewId();
        string unit = StartedScope(id);
        string dir = $"/sys/fs/cgroup/system.slice/{unit}";
        Assert.True(Directory.Exists(dir));
        Rt.Must("delete", "-f", id);
        Assert.False(Systemd.Loaded(unit), $"{unit} must be gone after delete ({Systemd.Show(unit, "ActiveState")})");
        Assert.False(Directory.Exists(dir), dir + " must be removed");
        Assert.False(Rt.Exists(id));
    }

    [SystemdFact]
    public void Pause_ps_exec_and_kill_all_work_on_the_scope()
    {
        string id = NewId();
        string unit = StartedScope(id);
        int pid = Rt.Pid(id);
        var exec = Rt.Must("exec", id, "grep", "^0::", "/proc/self/cgroup");
        Assert.Equal("0::/", exec.Stdout.Trim());
        Assert.Contains(pid.ToString(), Rt.Must("ps", id).Stdout);
        Rt.Must("pause", id);
        Assert.Equal("paused", Rt.Status(id));
        Assert.Equal("1", File.ReadAllText($"/sys/fs/cgroup/system.slice/{unit}/cgroup.freeze").Trim());
        Rt.Must("resume", id);
        Assert.Equal("running", Rt.Status(id));
        Rt.Must("kill", "--all", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        Rt.Must("delete", id);
        Assert.False(Systemd.Loaded(unit));
    }

    [SystemdFact]
    public void Nested_slices_are_made_from_the_slice_name()
    {
        string id = NewId(), top = "ocirtconf" + Env.NewSuffix();
        string slice = $"{top}-a-b.slice";
        OnCleanup(() => Exec.Run("systemctl", ["stop", $"{top}.slice"]));
        string unit = StartedScope(id, slice);
        string cgroup = $"/{top}.slice/{top}-a.slice/{slice}/{unit}";
        Assert.Equal(cgroup, Systemd.Show(unit, "ControlGroup"));
        Assert.Equal(cgroup, CgroupV2Of(Rt.Pid(id)));
        Assert.Equal(slice, Systemd.Show(unit, "Slice"));
    }

    [SystemdFact]
    public void Systemd_property_annotations_are_set_on_the_unit()
    {
        string id = NewId();
        Bundle.Edit(c => c["annotations"] = new System.Text.Json.Nodes.JsonObject
        {
            ["org.systemd.property.CollectMode"] = "'inactive-or-failed'",
            ["org.systemd.property.TimeoutStopSec"] = "7",          // Sec → TimeoutStopUSec=7000000
            ["org.systemd.property.RuntimeMaxUSec"] = "uint64 3600000000",
        });
        string unit = StartedScope(id);
        Assert.Equal("inactive-or-failed", Systemd.Show(unit, "CollectMode"));
        Assert.Equal("7s", Systemd.Show(unit, "TimeoutStopUSec"));
        Assert.Equal("1h", Systemd.Show(unit, "RuntimeMaxUSec"));
    }

    [SystemdFact]
    public void A_bad_annotation_fails_before_anything_exists()
    {
        string id = NewId();
        Bundle.Args("true").CgroupsPath($":{_prefix}:{id}")
            .Edit(c => c["annotations"] = new System.Text.Json.Nodes.JsonObject { ["org.systemd.property.CollectMode"] = "'unterminated" });
        var r = Sd("run", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("org.systemd.property.CollectMode", r.Stderr);
        Assert.False(Systemd.Loaded($"{_prefix}-{id}.scope"));
        Assert.False(Rt.Exists(id));
    }

    [SystemdFact]
    public void A_property_systemd_refuses_is_an_error_and_leaves_nothing()
    {
        string id = NewId();
        Bundle.Args("true").CgroupsPath($":{_prefix}:{id}")
            .Edit(c => c["annotations"] = new System.Text.Json.Nodes.JsonObject { ["org.systemd.property.NoSuchPropertyXyz"] = "true" });
        var r = Sd("run", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("NoSuchPropertyXyz", r.Stderr);
        Assert.False(Systemd.Loaded($"{_prefix}-{id}.scope"));
        Assert.False(Rt.Exists(id));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [SystemdFact]
    public void A_failure_after_the_unit_started_stops_it()
    {
        string id = NewId();
        Bundle.Args("true").CgroupsPath($":{_prefix}:{id}")
            .Edit(c => c["hooks"] = System.Text.Json.Nodes.JsonNode.Parse("""{"prestart":[{"path":"/bin/false"}]}"""));
        var r = Sd("run", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("prestart hook", r.Stderr); // it failed there, after the unit had started
        string unit = $"{_prefix}-{id}.scope";
        Assert.False(Systemd.Loaded(unit), $"{unit} must be stopped after the failed create ({Systemd.Show(unit, "ActiveState")})");
        Assert.False(Directory.Exists($"/sys/fs/cgroup/system.slice/{unit}"));
        Assert.False(Rt.Exists(id));
        // ocirt left the scope before it failed: it is not in a cgroup of the container now (it exited anyway).
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [SystemdFact]
    public void A_unit_that_already_exists_is_an_error_and_is_left_running()
    {
        string first = NewId(), second = NewId();
        string unit = StartedScope(first);
        var r = Sd("create", second); // same bundle: same cgroupsPath, so the same unit
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(unit, r.Stderr);
        Assert.Contains("already exists", r.Stderr);
        Assert.False(Rt.Exists(second));
        Assert.Equal("active", Systemd.Show(unit, "ActiveState"));
        Assert.Equal("running", Rt.Status(first));
    }

    [SystemdFact(needsController: "pids")]
    public void Update_sets_the_unit_property_and_the_file()
    {
        string id = NewId();
        string unit = StartedScope(id);
        Rt.Must("update", "--pids-limit", "42", id);
        Assert.Equal("42", Systemd.Show(unit, "TasksMax"));
        Assert.Equal("42", File.ReadAllText($"/sys/fs/cgroup/system.slice/{unit}/pids.max").Trim());
    }

    [SystemdFact(needsController: "memory")]
    public void Memory_limit_is_the_units_MemoryMax()
    {
        string id = NewId();
        Bundle.Edit(c => c["linux"]!["resources"] = System.Text.Json.Nodes.JsonNode.Parse("""{"memory":{"limit":67108864}}"""));
        string unit = StartedScope(id);
        Assert.Equal("67108864", Systemd.Show(unit, "MemoryMax"));
        Assert.Equal("67108864", File.ReadAllText($"/sys/fs/cgroup/system.slice/{unit}/memory.max").Trim());
    }

    [NoSystemdFact]
    public void Without_systemd_the_driver_is_a_clear_error_and_leaves_nothing()
    {
        string id = NewId();
        Bundle.Args("true").CgroupsPath($"system.slice:{_prefix}:{id}");
        var r = Sd("run", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("systemd is not running", r.Stderr);
        Assert.False(Rt.Exists(id));
    }
}

/// <summary>`ocirt check` says whether the systemd driver can be used.</summary>
[Trait("Category", "Systemd")]
public sealed class SystemdCheckTests : ContainerTest
{
    private static string Line(string stdout) =>
        stdout.Split('\n').FirstOrDefault(l => l.Length > 6 && l[6..].StartsWith("systemd driver "))
        ?? throw new Xunit.Sdk.XunitException("no `systemd driver` line in:\n" + stdout);

    [SystemdFact]
    public void Check_reports_the_driver_usable_with_systemds_version()
    {
        string line = Line(Rt.Must("check").Stdout);
        Assert.StartsWith("ok    systemd driver systemd ", line);
        Assert.Contains("--systemd-cgroup can be used", line);
    }

    [NoSystemdFact]
    public void Check_reports_the_driver_unusable_without_systemd_and_still_passes()
    {
        var r = Rt.Run("check");
        Assert.StartsWith("info  systemd driver not usable: systemd is not running", Line(r.Stdout));
    }
}
