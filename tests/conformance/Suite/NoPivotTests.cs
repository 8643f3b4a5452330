using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>--no-pivot (MS_MOVE + chroot): the container works, and the host's proc/sysfs mounts do not stay below the chroot.</summary>
public sealed class NoPivotTests : ContainerTest
{
    [Fact]
    public void No_pivot_runs_the_container_with_its_masked_paths()
    {
        Bundle.Shell("cat /proc/self/status >/dev/null && wc -c < /proc/keys");
        var r = Rt.Run("run", "--no-pivot", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0", r.Stdout.Trim());
    }

    [Fact]
    public void No_pivot_leaves_no_host_proc_or_sysfs_in_the_containers_mount_namespace()
    {
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", "--no-pivot", id);
        // setns(mnt) puts nsenter at the namespace's real root, under the moved rootfs: every mount shows.
        var r = Exec.Run("/usr/bin/nsenter", ["-t", Rt.Pid(id).ToString(), "-m", "-p", "cat", "/proc/self/mountinfo"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        // Whole filesystems only (root "/"): the container's readonlyPaths are bind mounts of parts of its /proc.
        var fsTypes = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Split(' ')[3] == "/")
            .Select(l => l.Split(" - ")[1].Split(' ')[0]).ToList();
        Assert.Equal(1, fsTypes.Count(t => t == "proc"));   // the container's own /proc
        Assert.Equal(1, fsTypes.Count(t => t == "sysfs"));  // the container's own /sys
    }
}
