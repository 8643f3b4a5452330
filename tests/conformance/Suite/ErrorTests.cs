using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>runc-contract.md §4: exit 1 and runc's key phrases (containerd and dockerd match on substrings).</summary>
public sealed class ErrorTests : ContainerTest
{
    [Fact]
    public void Start_of_a_running_container_is_refused()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Rt.MustFail("cannot start an already running container", "start", id);
        Assert.Equal("running", Rt.Status(id));
    }

    [Fact]
    public void Start_of_a_stopped_container_is_refused()
    {
        Bundle.Args("true");
        string id = NewId();
        Assert.Equal(0, Rt.Run("run", "--keep", id).ExitCode);
        Rt.MustFail("cannot start a container that has stopped", "start", id);
    }

    [Fact]
    public void Delete_of_a_running_container_needs_force()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Rt.MustFail($"cannot delete container {id} that is not stopped: running", "delete", id);
        Assert.Equal("running", Rt.Status(id)); // a refused delete changes nothing
    }

    [Fact]
    public void Kill_of_a_stopped_container_fails_but_kill_all_succeeds()
    {
        Bundle.Args("true");
        string id = NewId();
        Assert.Equal(0, Rt.Run("run", "--keep", id).ExitCode);
        Rt.MustFail("container not running", "kill", id, "KILL");
        var all = Rt.Run("kill", "--all", id, "KILL");
        Assert.True(all.ExitCode == 0, "kill --all on a stopped container exits 0: " + all);
        var a = Rt.Run("kill", "-a", id, "9");
        Assert.True(a.ExitCode == 0, "kill -a on a stopped container exits 0: " + a);
    }

    [Fact]
    public void Duplicate_id_is_refused_and_the_first_container_is_untouched()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        int pid = Rt.Pid(id);
        Rt.MustFail("container with given ID already exists", "create", id);
        Assert.Equal("created", Rt.Status(id));
        Assert.Equal(pid, Rt.Pid(id));
        Assert.True(Procfs.IsAlive(pid));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a b")]
    [InlineData("a:b")]
    public void Invalid_ids_are_refused(string id)
    {
        Rt.MustFail("invalid container ID format", "create", id);
        // nothing was created under the root (for "a/b" not even "a"), nor next to it (for "..")
        Assert.Empty(Directory.Exists(StateRoot) ? Directory.GetFileSystemEntries(StateRoot) : []);
        Assert.Empty(Directory.GetFileSystemEntries("/run", "a b").Concat(Directory.GetFileSystemEntries("/run", "state.json")));
    }

    [Theory]
    [InlineData("state")]
    [InlineData("start")]
    [InlineData("delete")]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("resume")]
    public void Commands_on_a_missing_container_say_it_does_not_exist(string command)
    {
        Directory.CreateDirectory(StateRoot);
        Rt.MustFail("container does not exist", command, "nosuch-" + Env.NewSuffix());
    }
}
