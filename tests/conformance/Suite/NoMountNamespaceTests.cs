using System.Diagnostics;
using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// linux.namespaces without a new mount namespace (none, or one joined by path): as runc and crun, mounts[]
/// and the devices are still made (in the namespace the init is in) and the container runs; `create`
/// never reports success for an init that cannot be started. The runtime is started in a mount namespace
/// of the test's own, so that those mounts disappear with it.
/// </summary>
public sealed class NoMountNamespaceTests : ContainerTest
{
    public NoMountNamespaceTests()
    {
        // runc refuses masked/read-only paths without a mount namespace; the default root is read-only.
        Bundle.ReadonlyRootfs(false).Edit(c =>
        {
            var linux = c["linux"]!.AsObject();
            linux.Remove("maskedPaths");
            linux.Remove("readonlyPaths");
            linux["namespaces"] = new JsonArray(linux["namespaces"]!.AsArray()
                .Where(n => n!["type"]!.GetValue<string>() != "mount").Select(n => n!.DeepClone()).ToArray());
        });
    }

    /// <summary>`ocirt ARGS` in a fresh private mount namespace (the caller's namespace of the container).</summary>
    private ExecResult InThrowawayMountNs(params string[] args) =>
        Exec.Run("unshare", ["-m", "--propagation", "private", Rt.Binary, "--root", StateRoot, .. args], Bundle.Dir);

    private const string ShowMounts = "awk '{print $5, $9}' /proc/self/mountinfo; ls /dev; echo ran-ok";

    [Fact]
    public void Without_a_mount_namespace_mounts_are_made_and_the_container_runs()
    {
        Bundle.Shell(ShowMounts);
        var r = InThrowawayMountNs("run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("/proc proc", r.Stdout);
        Assert.Contains("/dev tmpfs", r.Stdout);
        Assert.Contains("/sys sysfs", r.Stdout);
        Assert.Contains("null", r.Stdout.Split('\n'));
        Assert.Contains("ran-ok", r.Stdout);
    }

    [Fact]
    public void Without_a_mount_namespace_a_created_container_starts()
    {
        // The reported bug: create exited 0, then the init died (open exec fifo) and start found it stopped.
        Bundle.Shell("echo started > /started; sleep 1000");
        string id = NewId();
        var r = InThrowawayMountNs("create", id);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("created", Rt.Status(id));
        Rt.Must("start", id);
        string marker = Path.Combine(Bundle.Rootfs, "started");
        Assert.True(Poll.Until(() => File.Exists(marker), 5000), "the user program never ran");
        Assert.Equal("running", Rt.Status(id));
        Rt.Must("delete", "-f", id);
    }

    [Fact]
    public void A_mount_namespace_joined_by_path_gets_the_mounts()
    {
        // The namespace to join: held by a process of the test, private, ended by pid.
        var holder = Process.Start(new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sleep", "1000"]))!;
        OnCleanup(() => { try { holder.Kill(); holder.WaitForExit(5000); } catch (InvalidOperationException) { } });
        string nsPath = $"/proc/{holder.Id}/ns/mnt";
        Assert.True(Poll.Until(() => new FileInfo(nsPath).LinkTarget is { } t && t != Procfs.OwnNamespace("mnt"), 5000), "the holder never made its namespace");

        Bundle.Edit(c => c["linux"]!["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "mount", ["path"] = nsPath }))
              .Shell(ShowMounts);
        var r = Rt.Run("run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("/proc proc", r.Stdout);
        Assert.Contains("/dev tmpfs", r.Stdout);
        Assert.Contains("ran-ok", r.Stdout);
        // Made in the joined namespace, not in ours.
        Assert.DoesNotContain(Bundle.Rootfs + "/proc ", File.ReadAllText("/proc/self/mountinfo"));
    }

    [Fact]
    public void Masked_paths_without_a_mount_namespace_are_refused_naming_the_field()
    {
        Bundle.Edit(c => c["linux"]!["maskedPaths"] = BusyboxBundle.Array("/proc/kcore"));
        string id = NewId();
        var r = InThrowawayMountNs("run", id);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("unable to restrict sys entries without a private MNT namespace", r.Stderr);
        if (!Env.IsRunc) Assert.Contains("linux.maskedPaths", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
    }
}
