using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// A failed create exits 1 with a helpful message and leaves the machine as if it never ran (runtime-spec:
/// "errors must leave the environment as if the operation was never attempted"; runc-contract.md §4):
/// no state dir under --root, no cgroup, no process, and the id is free for a later create.
/// </summary>
public sealed class CleanFailureTests : ContainerTest
{
    private void AssertCleanFailure(string id, params string[] phrases)
    {
        var r = Rt.Run("create", id);
        Assert.True(r.ExitCode == 1, "create must exit 1: " + r);
        Assert.False(string.IsNullOrWhiteSpace(r.Stderr), "create must say why on stderr");
        foreach (string p in phrases) Assert.True(r.Stderr.Contains(p), $"stderr must mention \"{p}\": {r}");
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)), $"state dir {StateRoot}/{id} left behind");
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
        Assert.DoesNotContain(id, Directory.Exists(StateRoot) ? Rt.ListIds() : []);
        if (Directory.Exists(StateRoot)) Rt.MustFail("container does not exist", "state", id);
    }

    [Fact]
    public void Missing_rootfs()
    {
        Directory.Delete(Bundle.Rootfs, recursive: true);
        AssertCleanFailure(NewId(), "rootfs");
    }

    [Fact]
    public void Invalid_json_config()
    {
        File.WriteAllText(Bundle.ConfigPath, "{\"ociVersion\": \"1.0.2\", bad");
        AssertCleanFailure(NewId());
    }

    [Fact]
    public void Missing_config_json()
    {
        File.Delete(Bundle.ConfigPath);
        AssertCleanFailure(NewId(), "config.json");
    }

    [Fact]
    public void Unknown_namespace_type()
    {
        Bundle.Edit(c => c["linux"]!["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "bogusns" }));
        AssertCleanFailure(NewId(), "bogusns");
    }

    [Fact]
    public void Executable_not_found_in_rootfs_is_reported_at_create()
    {
        // runc resolves args[0] with exec.LookPath in init before parking, so create fails (contract §3.3 step 3).
        Bundle.Args("nonexistent");
        AssertCleanFailure(NewId(), "executable file not found in $PATH", "nonexistent");
    }

    [Fact]
    public void Bind_mount_of_a_missing_source()
    {
        Bundle.AddMount("/mnt/x", "bind", "/nonexistent-src", "rbind");
        AssertCleanFailure(NewId(), "/nonexistent-src");
    }

    [Fact]
    public void Missing_rootfs_with_a_cgroups_path_leaves_no_cgroup()
    {
        string id = NewId();
        Bundle.CgroupsPath($"/{id}");
        Directory.Delete(Bundle.Rootfs, recursive: true);
        AssertCleanFailure(id);
        Assert.False(Directory.Exists(Path.Combine(Preconditions.CgroupRoot, id)));
    }

    [Fact]
    public void Failed_mount_with_a_cgroups_path_leaves_no_cgroup_and_the_id_is_reusable()
    {
        string id = NewId();
        Bundle.CgroupsPath($"/{id}").AddMount("/mnt/x", "bind", "/nonexistent-src", "rbind").Args("sleep", "1000");
        AssertCleanFailure(id, "/nonexistent-src");
        Assert.False(Directory.Exists(Path.Combine(Preconditions.CgroupRoot, id)));
        // The failure left nothing behind: the same id can be created once the config is fixed.
        Bundle.Edit(c =>
        {
            var mounts = c["mounts"]!.AsArray();
            mounts.Remove(mounts.Last());
        });
        Rt.Must("create", id);
        Assert.Equal("created", Rt.Status(id));
    }

    [Fact]
    public void Foreground_run_failure_is_clean_too()
    {
        Bundle.Args("nonexistent");
        string id = NewId();
        var r = Rt.Run("run", id);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("executable file not found in $PATH", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.CgroupDirs([id]));
    }
}
