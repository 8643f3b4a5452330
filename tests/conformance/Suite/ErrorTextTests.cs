using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Error texts are plain words: an errno as Go prints it ("permission denied"), never a .NET resource key
/// or exception type. Provoked for real, as an unprivileged user (nobody) where root would succeed.
/// </summary>
public sealed class ErrorTextTests : ContainerTest
{
    private const uint Nobody = 65534;

    /// <summary>`ocirt ARGS` as nobody (no capabilities, no supplementary groups), in the bundle.</summary>
    private ExecResult AsNobody(string root, params string[] args) =>
        Exec.Run("setpriv", [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", Rt.Binary, "--root", root, .. args], Bundle.Dir);

    /// <summary>A state root nobody may write (beside the test's own root, removed with it).</summary>
    private string NobodysRoot()
    {
        string root = StateRoot + "-nobody";
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0x1ed);
        Assert.Equal(0, Exec.Run("chown", [$"{Nobody}:{Nobody}", root]).ExitCode);
        OnCleanup(() => { ForceDeleteAll(new Runtime(root, Bundle.Dir)); Directory.Delete(root, recursive: true); });
        return root;
    }

    private static void AssertPlain(ExecResult r)
    {
        string? bad = InternalText.Find(r.Stdout + "\n" + r.Stderr);
        Assert.True(bad == null, $"internal text \"{bad}\" reached the user: {r}");
    }

    [Fact]
    public void Unprivileged_run_with_an_unwritable_cgroup_says_permission_denied_and_leaves_nothing()
    {
        string root = NobodysRoot(), id = NewId();
        Bundle.Args("true");
        var r = AsNobody(root, "run", id);
        Assert.True(r.ExitCode == 1, r.ToString());
        AssertPlain(r);
        Assert.Contains("linux.cgroupsPath", r.Stderr);
        Assert.Contains("permission denied", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(root, id)), "state dir left behind");
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void Unreadable_config_says_permission_denied()
    {
        string root = NobodysRoot();
        File.SetUnixFileMode(Bundle.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var r = AsNobody(root, "create", NewId());
        Assert.True(r.ExitCode == 1, r.ToString());
        AssertPlain(r);
        Assert.Contains("permission denied", r.Stderr);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("state", "x1")]
    [InlineData("create", "x1")]
    [InlineData("run", "x1")]
    [InlineData("delete", "--force", "x1")]
    [InlineData("kill", "x1", "KILL")]
    [InlineData("events", "--stats", "x1")]
    public void An_unusable_root_gives_plain_words(params string[] args)
    {
        // /root is 0700 root: nobody can neither list nor create anything under it.
        var r = AsNobody("/root/ocirt-unreachable-" + Env.NewSuffix(), args);
        if (args[0] != "delete") Assert.NotEqual(0, r.ExitCode); // delete --force of nothing succeeds, as runc
        AssertPlain(r);
    }
}
