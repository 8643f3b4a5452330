using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// hooks.*: the namespace each kind runs in, its moment, the state it gets, timeouts, and what a failure does
/// (runtime-spec Lifecycle; runc-contract.md §5). HookTests covers createRuntime/poststart/poststop basics.
/// </summary>
public sealed class ConfigHookTests : ContainerTest
{
    private string Out(string name) => Path.Combine(Bundle.Dir, name);

    private void Hook(string kind, string script, int? timeout = null, string path = "/bin/sh") => Bundle.Edit(c =>
    {
        c["hooks"] ??= new JsonObject();
        var list = c["hooks"]![kind]?.AsArray() ?? [];
        var h = new JsonObject { ["path"] = path, ["args"] = BusyboxBundle.Array("sh", "-c", script) };
        if (timeout is { } t) h["timeout"] = t;
        list.Add(h);
        c["hooks"]![kind] = list.DeepClone();
    });

    /// <summary>A hook script that records its mount namespace and its stdin (the state) into files.</summary>
    private static string Recorder(string dir) => $"readlink /proc/self/ns/mnt > {dir}/ns.tmp; cat > {dir}/state.tmp; mv {dir}/ns.tmp {dir}/ns; mv {dir}/state.tmp {dir}/state";

    private (string Ns, JsonObject State) Recorded(string dir)
    {
        Assert.True(Poll.Until(() => File.Exists(Path.Combine(dir, "state")), 5000), "the hook did not run: nothing in " + dir);
        return (File.ReadAllText(Path.Combine(dir, "ns")).Trim(), JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "state")))!.AsObject());
    }

    private string RecordDir(string name)
    {
        string d = Out(name);
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void Prestart_runs_in_the_runtime_namespace_at_create_with_status_creating()
    {
        string d = RecordDir("prestart");
        Hook("prestart", Recorder(d));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        var (ns, state) = Recorded(d);
        Assert.Equal(Procfs.OwnNamespace("mnt"), ns);
        Assert.Equal("creating", state["status"]!.GetValue<string>());
        Assert.Equal(Rt.Pid(id), state["pid"]!.GetValue<int>());
    }

    [Fact]
    public void Create_container_runs_in_the_containers_mount_namespace_at_create()
    {
        string d = RecordDir("cc");
        Hook("createContainer", Recorder(d));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        var (ns, state) = Recorded(d);
        Assert.Equal(new FileInfo($"/proc/{Rt.Pid(id)}/ns/mnt").LinkTarget, ns);
        Assert.NotEqual(Procfs.OwnNamespace("mnt"), ns);
        Assert.Equal(id, state["id"]!.GetValue<string>());
    }

    [Fact]
    public void Start_container_runs_inside_the_container_at_start_not_at_create()
    {
        // The hook's path and files are the container's: it runs after pivot_root.
        Bundle.ReadonlyRootfs(false);
        Hook("startContainer", "readlink /proc/self/ns/mnt > /sc-ns; cat > /sc-state");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        string nsFile = Path.Combine(Bundle.Rootfs, "sc-ns");
        Assert.False(File.Exists(nsFile), "startContainer ran at create");
        Rt.Must("start", id);
        Assert.True(Poll.Until(() => File.Exists(Path.Combine(Bundle.Rootfs, "sc-state")) && File.ReadAllText(nsFile).Length > 0, 5000));
        Assert.Equal(new FileInfo($"/proc/{Rt.Pid(id)}/ns/mnt").LinkTarget, File.ReadAllText(nsFile).Trim());
        Assert.Equal(id, JsonNode.Parse(File.ReadAllText(Path.Combine(Bundle.Rootfs, "sc-state")))!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Hooks_run_in_spec_order()
    {
        string log = Out("order.log");
        foreach (string kind in new[] { "poststop", "poststart", "createContainer", "createRuntime", "prestart" })
            Hook(kind, $"cat >/dev/null; echo {kind} >> {log}");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("start", id);
        Rt.Must("delete", "-f", id);
        Assert.True(Poll.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("poststop"), 5000));
        Assert.Equal(["prestart", "createRuntime", "createContainer", "poststart", "poststop"],
            File.ReadAllLines(log));
    }

    [Theory]
    [InlineData("prestart")]
    [InlineData("createRuntime")]
    [InlineData("createContainer")]
    public void A_failing_pre_start_hook_fails_create_and_leaves_nothing(string kind)
    {
        Hook(kind, "cat >/dev/null; echo out-of-hook; exit 7");
        string id = NewId();
        Bundle.CgroupsPath("/" + id).Args("sleep", "1000");
        var r = Rt.Run("create", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("hook #0", r.Stderr);
        Assert.Contains("out-of-hook", r.Stderr);
        if (!Env.IsRunc) Assert.Contains($"error running {kind} hook #0:", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void The_second_failing_hook_is_numbered_1()
    {
        Hook("createRuntime", "cat >/dev/null; true");
        Hook("createRuntime", "cat >/dev/null; exit 2");
        var r = Rt.Run("create", NewId());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("hook #1", r.Stderr);
    }

    [ContractFact("runc 1.1.5 hangs: it waits for the hook's output pipe, which the hook's child keeps open")]
    public void A_hook_past_its_timeout_fails_create_and_leaves_nothing()
    {
        Hook("createRuntime", "cat >/dev/null; sleep 30", timeout: 1);
        string id = NewId();
        Bundle.Args("sleep", "1000");
        var r = Rt.Run("create", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("hook ran past specified timeout of 1", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void A_missing_hook_binary_fails_create_naming_it()
    {
        Hook("createRuntime", "true", path: "/nonexistent/hook-binary");
        string id = NewId();
        var r = Rt.Run("create", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("/nonexistent/hook-binary", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
    }

    [ContractFact("runc 1.1.5 runs poststart during create")]
    public void A_failing_poststart_hook_fails_start_and_kills_the_container()
    {
        Hook("poststart", "cat >/dev/null; exit 3");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        int pid = Rt.Pid(id);
        var r = Rt.Run("start", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error running poststart hook #0:", r.Stderr);
        Assert.True(Poll.Until(() => !Procfs.IsAlive(pid), 5000), "the container survived a failing poststart hook");
    }

    [Fact]
    public void A_failing_start_container_hook_stops_the_container()
    {
        Hook("startContainer", "cat >/dev/null; exit 4");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        int pid = Rt.Pid(id);
        Rt.Run("start", id);
        Assert.True(Poll.Until(() => !Procfs.IsAlive(pid), 5000), "the user program ran despite a failing startContainer hook");
        Assert.Equal("stopped", Rt.Status(id));
    }

    [ContractFact("runc returns a failing poststop hook as a delete error; the spec says warn and continue")]
    public void A_failing_poststop_hook_only_warns_and_delete_completes()
    {
        Hook("poststop", "cat >/dev/null; echo poststop-said-no; exit 5");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Run("delete", "-f", id);
        Assert.True(r.ExitCode == 0, "delete must succeed: " + r);
        Assert.Contains("poststop", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.False(Rt.Exists(id));
    }

    [ContractFact("runc 1.1.5 stops at the first failing poststop hook")]
    public void A_failing_poststop_hook_does_not_stop_the_next_one()
    {
        string log = Out("poststop.log");
        Hook("poststop", "cat >/dev/null; exit 5");
        Hook("poststop", $"cat >/dev/null; echo second-ran >> {log}");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Run("delete", "-f", id);
        Assert.True(r.ExitCode == 0, "delete must succeed: " + r);
        Assert.Contains("poststop hook #0", r.Stderr);
        Assert.True(Poll.Until(() => File.Exists(log), 5000), "poststop hook #1 did not run after #0 failed");
    }

    [ContractFact("runc 1.1.5 runs poststart at create and stops at the first failing one")]
    public void A_failing_poststart_hook_does_not_stop_the_next_one()
    {
        string log = Out("poststart.log");
        Hook("poststart", "cat >/dev/null; exit 3");
        Hook("poststart", $"cat >/dev/null; echo second-ran >> {log}");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        var r = Rt.Run("start", id);
        Assert.Contains("poststart hook #0", r.Stderr);
        Assert.True(Poll.Until(() => File.Exists(log), 5000), "poststart hook #1 did not run after #0 failed: " + r);
    }

    /// <summary>A hook that lists its open fds (`ls -l /proc/self/fd`, fd >= 3 other than ls's own directory is a leak).</summary>
    private string FdLister(string file) => $"cat >/dev/null; ls -l /proc/self/fd > {file}";

    private static List<string> LeakedFds(string listing) =>
        listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(" -> "))
            .Select(l => l[(l.LastIndexOf(' ', l.IndexOf(" -> ") - 1) + 1)..].Trim())
            .Where(l => int.TryParse(l.Split(' ')[0], out int fd) && fd > 2 && !l.Contains("/proc/"))
            .ToList();

    [Theory]
    [InlineData("prestart")]
    [InlineData("createRuntime")]
    [InlineData("createContainer")]
    [InlineData("poststart")]
    public void Runtime_side_hooks_get_only_fds_0_to_2(string kind)
    {
        string file = Out(kind + ".fds");
        // createContainer runs in the container's mount namespace before pivot_root: host paths still resolve.
        Hook(kind, FdLister(file));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("start", id);
        Assert.True(Poll.Until(() => File.Exists(file) && File.ReadAllText(file).Contains(" 0 -> "), 5000), kind + " hook did not run");
        var leaked = LeakedFds(File.ReadAllText(file));
        Assert.True(leaked.Count == 0, $"{kind} hook inherited fds: {string.Join(" | ", leaked)}");
    }

    [Fact]
    public void Start_container_hooks_get_only_fds_0_to_2()
    {
        Bundle.ReadonlyRootfs(false);
        Hook("startContainer", FdLister("/sc-fds"));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("start", id);
        string file = Path.Combine(Bundle.Rootfs, "sc-fds");
        Assert.True(Poll.Until(() => File.Exists(file) && File.ReadAllText(file).Contains(" 0 -> "), 5000), "startContainer hook did not run");
        var leaked = LeakedFds(File.ReadAllText(file));
        Assert.True(leaked.Count == 0, $"startContainer hook inherited fds: {string.Join(" | ", leaked)}");
    }

    [ContractFact("runc 1.1.5 words it `SCMP_ACT_NOTIFY cannot be used for the write syscall` without the field")]
    public void A_notify_rule_on_write_is_refused_at_create_and_leaves_nothing()
    {
        Bundle.Edit(c => c["linux"]!["seccomp"] = JsonNode.Parse("""
            {"defaultAction":"SCMP_ACT_ALLOW","listenerPath":"/nonexistent/listener.sock",
             "syscalls":[{"names":["write"],"action":"SCMP_ACT_NOTIFY"}]}
            """));
        string id = NewId();
        Bundle.CgroupsPath("/" + id);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = Rt.RunWithTimeout(20_000, "create", id);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("linux.seccomp.syscalls[0].names: SCMP_ACT_NOTIFY cannot be used for the write syscall", r.Stderr);
        Assert.True(sw.ElapsedMilliseconds < 5000, $"took {sw.ElapsedMilliseconds} ms");
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.CgroupDirs([id]));
    }
}
