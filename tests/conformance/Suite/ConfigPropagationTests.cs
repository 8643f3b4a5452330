using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Mount propagation options and linux.rootfsPropagation, observed as mountinfo's optional fields
/// (shared:N, master:N, unbindable) from inside the container.
/// </summary>
public sealed class ConfigPropagationTests : ContainerTest
{
    /// <summary>A shared host tmpfs (the suite's own mount namespace), so that every propagation type is visible.</summary>
    private string SharedHostMount()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ocirt-conf-prop-{Env.NewSuffix()}");
        Directory.CreateDirectory(dir);
        var r = Exec.Run("/bin/sh", ["-c", $"mount -t tmpfs tmpfs {dir} && mount --make-shared {dir}"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        OnCleanup(() => { Exec.Run("/bin/umount", ["-l", dir]); Directory.Delete(dir, recursive: true); });
        return dir;
    }

    [Theory]
    [InlineData("shared", "shared:", "")]
    [InlineData("rshared", "shared:", "")]
    [InlineData("slave", "master:", "shared:")]
    [InlineData("rslave", "master:", "shared:")]
    [InlineData("private", "", "shared: master: unbindable")]
    [InlineData("rprivate", "", "shared: master: unbindable")]
    [InlineData("unbindable", "unbindable", "shared: master:")]
    [InlineData("runbindable", "unbindable", "shared: master:")]
    public void Propagation_option_is_applied(string option, string present, string absent)
    {
        Bundle.AddMount("/p", "bind", SharedHostMount(), "rbind", option);
        var m = MountInfo.Of(Observe("cat /proc/self/mountinfo"), "/p");
        string optional = string.Join(' ', m.Optional);
        if (present.Length > 0) Assert.True(optional.Contains(present), $"expected {present}: {m}");
        foreach (string a in absent.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Assert.False(optional.Contains(a), $"unexpected {a}: {m}");
    }

    [Fact]
    public void Several_propagation_options_apply_in_order()
    {
        Bundle.AddMount("/p", "bind", SharedHostMount(), "rbind", "rprivate", "rshared");
        var m = MountInfo.Of(Observe("cat /proc/self/mountinfo"), "/p");
        Assert.True(m.Optional.Any(o => o.StartsWith("shared:")) && !m.Optional.Any(o => o.StartsWith("master:")), m.ToString());
    }

    [Fact]
    public void A_shared_mount_propagates_container_mounts_to_the_host()
    {
        string dir = SharedHostMount();
        Directory.CreateDirectory(Path.Combine(dir, "inner"));
        Bundle.AddMount("/p", "bind", dir, "rbind", "rshared").Edit(c => c["linux"]!["rootfsPropagation"] = "rshared");
        // CAP_SYS_ADMIN is needed to mount from inside.
        Bundle.Edit(c => c["process"]!["capabilities"]!["bounding"]!.AsArray().Add("CAP_SYS_ADMIN"))
              .Edit(c => c["process"]!["capabilities"]!["effective"]!.AsArray().Add("CAP_SYS_ADMIN"))
              .Edit(c => c["process"]!["capabilities"]!["permitted"]!.AsArray().Add("CAP_SYS_ADMIN"));
        Observe("mount -t tmpfs tmpfs /p/inner && touch /p/inner/from-container");
        string inner = Path.Combine(dir, "inner");
        OnCleanup(() => Exec.Run("/bin/umount", ["-l", inner]));
        Assert.True(File.Exists(Path.Combine(inner, "from-container")), "the container's mount was not propagated to the host");
    }

    private string RootPropagationFields(string value)
    {
        Bundle.Edit(c => c["linux"]!["rootfsPropagation"] = value);
        return string.Join(' ', MountInfo.Of(Observe("cat /proc/self/mountinfo"), "/").Optional);
    }

    [Theory]
    [InlineData("private")]
    [InlineData("rprivate")]
    public void Rootfs_propagation_private_leaves_the_root_without_peers(string value)
    {
        Assert.Equal("", RootPropagationFields(value));
    }

    [Theory]
    [InlineData("slave")]
    [InlineData("rslave")]
    public void Rootfs_propagation_slave_receives_from_a_shared_host_root(string value)
    {
        // The suite's mount namespace is private: make it shared for this test only, so that a slave has a master.
        var r = Exec.Run("/bin/mount", ["--make-rshared", "/"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        OnCleanup(() => Exec.Run("/bin/mount", ["--make-rprivate", "/"]));
        string fields = RootPropagationFields(value);
        Assert.Contains("master:", fields);
        Assert.DoesNotContain("shared:", fields);
    }

    [ContractFact("runc 1.1.5 does not set rootfsPropagation on the container's / after pivot_root")]
    public void Rootfs_propagation_shared_makes_the_root_shared()
    {
        Assert.Contains("shared:", RootPropagationFields("rshared"));
    }

    [ContractFact("runc 1.1.5 fails to bind an unbindable rootfs onto itself")]
    public void Rootfs_propagation_unbindable_makes_the_root_unbindable()
    {
        Assert.Contains("unbindable", RootPropagationFields("unbindable"));
    }

    [Fact]
    public void An_unknown_rootfs_propagation_is_refused()
    {
        Bundle.Edit(c => c["linux"]!["rootfsPropagation"] = "sideways").Shell("true");
        var r = Rt.Run("run", NewId());
        Assert.Equal(1, r.ExitCode);
        if (!Env.IsRunc) Assert.Contains("rootfsPropagation", r.Stderr);
    }
}
