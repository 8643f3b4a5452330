using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>create → start → kill → delete, pid files, run (runc-contract.md §3.2-§3.4, §4).</summary>
public sealed class LifecycleTests : ContainerTest
{
    [Fact]
    public void Create_start_kill_delete_walks_every_state_and_keeps_the_pid()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);

        var created = Rt.State(id);
        Assert.Equal("created", created["status"]!.GetValue<string>());
        int pid = created["pid"]!.GetValue<int>();
        Assert.True(pid > 0, "pid of a created container must be > 0");
        Assert.True(Procfs.IsAlive(pid), $"the init {pid} must exist on the host while created");
        Assert.NotEqual("sleep 1000", Procfs.Cmdline(pid)); // parked before execve

        Rt.Must("start", id);
        Rt.WaitForStatus(id, "running");
        Assert.Equal(pid, Rt.Pid(id));
        // The user program replaced the init by execve: same PID (the shim waits on the pid-file pid).
        Assert.True(Poll.Until(() => Procfs.Cmdline(pid) == "sleep 1000", 5000), $"/proc/{pid}/cmdline is `{Procfs.Cmdline(pid)}`, expected `sleep 1000`");

        Rt.Must("kill", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        Assert.Equal(0, Rt.Pid(id)); // pid is 0 once stopped

        Rt.Must("delete", id);
        Rt.MustFail("container does not exist", "state", id);
        Assert.DoesNotContain(id, Rt.ListIds());
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)), "state dir must be gone after delete");
    }

    [Fact]
    public void Create_then_start_runs_the_process_to_completion()
    {
        string marker = "/tmp/done-" + Env.NewSuffix();
        Bundle.Shell("echo started").AddMount("/hostbundle", "bind", Bundle.Dir, "rbind", "rw");
        Bundle.Shell("touch /hostbundle/done");
        string id = NewId();
        Rt.Must("create", id);
        Assert.False(File.Exists(Path.Combine(Bundle.Dir, "done")), "the user process must not run before start");
        Rt.Must("start", id);
        Assert.True(Poll.Until(() => File.Exists(Path.Combine(Bundle.Dir, "done")), 10_000), "the user process did not run after start");
        Rt.WaitForStatus(id, "stopped");
        _ = marker;
    }

    [Fact]
    public void Pid_file_relative_path_is_resolved_against_cwd_and_has_no_trailing_newline()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        string cwd = Path.Combine(Bundle.Dir, "elsewhere");
        Directory.CreateDirectory(cwd);
        var r = Rt.RunIn(cwd, "create", "--bundle", Bundle.Dir, "--pid-file", "ctr.pid", id);
        Assert.True(r.ExitCode == 0, r.ToString());
        string file = Path.Combine(cwd, "ctr.pid");
        Assert.True(File.Exists(file), "pid file must be written relative to the caller's cwd");
        string text = File.ReadAllText(file);
        Assert.Equal(Rt.Pid(id).ToString(), text); // decimal, no newline
        Assert.False(File.Exists(Path.Combine(Bundle.Dir, "ctr.pid")), "pid file must not be relative to the bundle");
    }

    [Fact]
    public void Pid_file_absolute_path_for_run_detached()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        string file = Path.Combine(Bundle.Dir, "run.pid");
        Rt.Must("run", "-d", "--pid-file", file, id);
        Assert.Equal(Rt.Pid(id).ToString(), File.ReadAllText(file));
        Assert.Equal("sleep 1000", Procfs.Cmdline(Rt.Pid(id)));
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 1", 1)]
    [InlineData("exit 42", 42)]
    [InlineData("false", 1)]
    public void Foreground_run_exits_with_the_container_status(string script, int expected)
    {
        var r = RunShell(script);
        Assert.True(expected == r.ExitCode, $"`{script}`: expected exit {expected}: {r}");
    }

    [Fact]
    public void Foreground_run_passes_the_container_stdout_and_stderr()
    {
        var r = RunShell("echo out; echo err >&2");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("out\n", r.Stdout);
        Assert.Contains("err\n", r.Stderr);
    }

    [Fact]
    public async Task Foreground_run_reports_death_by_signal_as_128_plus_n()
    {
        // The container's PID 1 cannot SIGKILL itself (the kernel protects a pid namespace init from
        // signals sent inside its namespace), so the test kills it from the host through the runtime.
        Bundle.Args("sleep", "1000");
        string id = NewId();
        var run = Task.Run(() => Rt.Run("run", id));
        Assert.True(Poll.Until(() => run.IsCompleted || Rt.Run("state", id) is { ExitCode: 0 } s && s.Stdout.Contains("\"running\""), 10_000),
            "the foreground container never ran");
        Assert.False(run.IsCompleted, "run returned early: " + (run.IsCompleted ? (await run).ToString() : ""));
        Rt.Must("kill", id, "KILL");
        var result = await run.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(result.ExitCode == 137, "expected 128+9: " + result);
    }

    [Fact]
    public void Run_detached_returns_with_the_container_running()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Assert.Equal("running", Rt.Status(id));
        Assert.True(Procfs.IsAlive(Rt.Pid(id)));
    }

    [Fact]
    public void Run_keep_leaves_a_stopped_container_and_plain_run_leaves_nothing()
    {
        Bundle.Args("true");
        string gone = NewId(), kept = NewId();
        Assert.Equal(0, Rt.Run("run", gone).ExitCode);
        Assert.Equal(0, Rt.Run("run", "--keep", kept).ExitCode);
        var ids = Rt.ListIds();
        Assert.DoesNotContain(gone, ids);
        Assert.Contains(kept, ids);
        Assert.Equal("stopped", Rt.Status(kept));
        Assert.False(Directory.Exists(Path.Combine(StateRoot, gone)));
        Rt.Must("delete", kept);
        Assert.Empty(Rt.ListIds());
    }

    [Fact]
    public void Delete_of_a_created_container_kills_its_init()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        int pid = Rt.Pid(id);
        Rt.Must("delete", id);
        Assert.True(Poll.Until(() => !Procfs.IsAlive(pid), 5000), "the init survived delete");
        Rt.MustFail("container does not exist", "state", id);
    }

    [Fact]
    public void Delete_force_kills_a_running_container()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        Rt.Must("delete", "--force", id);
        Assert.True(Poll.Until(() => !Procfs.IsAlive(pid), 5000), "the process survived delete -f");
        Rt.MustFail("container does not exist", "state", id);
    }

    [Fact]
    public void Delete_short_force_flag_of_a_stopped_container()
    {
        Bundle.Args("true");
        string id = NewId();
        Assert.Equal(0, Rt.Run("run", "--keep", id).ExitCode);
        Rt.Must("delete", "-f", id);
        Assert.False(Rt.Exists(id));
    }

    [Fact]
    public void Delete_force_of_a_missing_container_exits_0()
    {
        Directory.CreateDirectory(StateRoot);
        var r = Rt.Run("delete", "-f", "nosuch-" + Env.NewSuffix());
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("SIGKILL")]
    [InlineData("9")]
    [InlineData("kill")]
    [InlineData("sigkill")]
    [InlineData("SigKill")]
    public void Kill_accepts_names_numbers_and_any_case(string signal)
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Rt.Must("kill", id, signal);
        Rt.WaitForStatus(id, "stopped");
    }

    [Fact]
    public void Kill_without_a_signal_sends_sigterm()
    {
        // A shell as PID 1 ignores SIGTERM unless it traps it: the trap proves SIGTERM arrived.
        Bundle.Shell("trap 'echo got-term > /hostbundle/term; exit 0' TERM; while :; do sleep 0.1; done")
              .AddMount("/hostbundle", "bind", Bundle.Dir, "rbind", "rw");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Rt.Must("kill", id);
        Assert.True(Poll.Until(() => File.Exists(Path.Combine(Bundle.Dir, "term")), 10_000), "SIGTERM was not delivered");
        Rt.WaitForStatus(id, "stopped");
    }

    [Fact]
    public void Kill_of_a_created_container_stops_it()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("kill", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        Rt.Must("delete", id);
    }
}
