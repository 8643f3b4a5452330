using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>pause/resume (cgroup.freeze), exec and ps as the containerd shim uses them (runc-contract.md §1.3, §2.2, §4).</summary>
public sealed class PauseExecPsTests : ContainerTest
{
    [Fact]
    public void Pause_and_resume_a_running_container()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        Rt.Must("pause", id);
        Assert.Equal("paused", Rt.Status(id));
        Rt.MustFail("cannot start a container in the paused state", "start", id);
        Rt.MustFail($"cannot delete container {id} that is not stopped: paused", "delete", id);
        Rt.Must("resume", id);
        Assert.Equal("running", Rt.Status(id));
        Assert.Equal(pid, Rt.Pid(id));
        Rt.MustFail("container not paused", "resume", id);
    }

    [Fact]
    public void Pause_is_allowed_on_a_created_container()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("pause", id);
        Assert.Equal("paused", Rt.Status(id));
        Rt.Must("resume", id);
        Assert.Equal("created", Rt.Status(id));
    }

    [Fact]
    public void Delete_force_of_a_paused_container()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        Rt.Must("pause", id);
        Rt.Must("delete", "-f", id);
        Assert.True(Poll.Until(() => !Procfs.IsAlive(pid), 5000), "a paused container survived delete -f");
        Assert.False(Rt.Exists(id));
    }

    [Fact]
    public void Pause_and_resume_of_a_stopped_container_fail()
    {
        Bundle.Args("true");
        string id = NewId();
        Assert.Equal(0, Rt.Run("run", "--keep", id).ExitCode);
        Rt.MustFail("container not running", "pause", id);
        Rt.MustFail("container not paused", "resume", id);
    }

    [Fact]
    public void Exec_runs_in_the_container_and_returns_its_status()
    {
        Bundle.Args("sleep", "1000").Hostname("exec-host");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Run("exec", id, "sh", "-c", "hostname; readlink /proc/1/exe; exit 7");
        Assert.True(r.ExitCode == 7, r.ToString());
        Assert.StartsWith("exec-host\n", r.Stdout);
        Assert.Equal(0, Rt.Run("exec", id, "true").ExitCode);
    }

    [Fact]
    public void Exec_failures_exit_255()
    {
        Bundle.Args("true");
        string id = NewId();
        Directory.CreateDirectory(StateRoot);
        Rt.MustFailWith(255, "container does not exist", "exec", "nosuch-" + Env.NewSuffix(), "true");
        Assert.Equal(0, Rt.Run("run", "--keep", id).ExitCode);
        Rt.MustFailWith(255, "cannot exec in a stopped container", "exec", id, "true");
    }

    [Fact]
    public void Exec_detached_with_pid_file()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        string pidFile = Path.Combine(Bundle.Dir, "exec.pid");
        Rt.Must("exec", "--detach", "--pid-file", pidFile, id, "sleep", "999");
        int pid = int.Parse(File.ReadAllText(pidFile)); // no trailing newline: int.Parse would accept one, so check
        Assert.DoesNotContain("\n", File.ReadAllText(pidFile));
        Assert.Equal("sleep 999", Procfs.Cmdline(pid));
    }

    [Fact]
    public void Ps_json_lists_the_container_pids_and_null_once_stopped()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        string json = Rt.Must("ps", "--format", "json", id).Stdout;
        Assert.EndsWith("]\n", json);
        var pids = JsonNode.Parse(json)!.AsArray().Select(p => p!.GetValue<int>()).ToArray();
        Assert.Equal([Rt.Pid(id)], pids);
        Rt.Must("kill", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        var after = Rt.Run("ps", "--format", "json", id);
        Assert.True(after.ExitCode == 0, "ps of a stopped container still succeeds: " + after);
        Assert.Equal("", after.Stderr); // go-runc parses combined stdout+stderr
        Assert.Contains(after.Stdout.Trim(), new[] { "null", "[]" });
    }
}
