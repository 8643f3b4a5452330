using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>Configs as dockerd writes them (found by `make test-docker`).</summary>
public sealed class DockerCompatTests : ContainerTest
{
    [Fact]
    public void A_sysctl_under_a_read_only_proc_sys_is_written_before_the_remount()
    {
        // dockerd 20.10 always sets this sysctl, and /proc/sys is in linux.readonlyPaths.
        Bundle.Edit(c =>
        {
            c["linux"]!["sysctl"] = new JsonObject { ["net.ipv4.ip_unprivileged_port_start"] = "0" };
            var ro = c["linux"]!["readonlyPaths"]?.AsArray();
            if (ro == null) c["linux"]!["readonlyPaths"] = ro = new JsonArray();
            if (!ro.Any(p => p!.GetValue<string>() == "/proc/sys")) ro.Add("/proc/sys");
        });
        Assert.Equal("0\nro\n", Observe(
            "cat /proc/sys/net/ipv4/ip_unprivileged_port_start; grep ' /proc/sys ' /proc/mounts | grep -o '\\bro\\b' | head -1"));
    }

    // dockerd turns create errors into exit codes: "no such file or directory" -> 127,
    // "permission denied" -> 126. Only create errors count, so the init checks args[0] before ready.
    [Fact]
    public void A_missing_absolute_executable_fails_the_create()
    {
        Bundle.Args("/no/such/binary");
        var r = Rt.Run("create", NewId());
        Assert.True(r.ExitCode == 1, "create must fail: " + r);
        Assert.Contains("stat /no/such/binary: no such file or directory", r.Stderr);
    }

    [Fact]
    public void A_non_executable_file_fails_the_create_with_permission_denied()
    {
        File.WriteAllText(Path.Combine(Bundle.Rootfs, "notexec.txt"), "text");
        File.SetUnixFileMode(Path.Combine(Bundle.Rootfs, "notexec.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Bundle.Args("/notexec.txt");
        var r = Rt.Run("create", NewId());
        Assert.True(r.ExitCode == 1, "create must fail: " + r);
        Assert.Contains("/notexec.txt", r.Stderr);
        Assert.Contains("permission denied", r.Stderr);
    }

    [Fact]
    public void A_configured_device_that_already_exists_is_kept()
    {
        // docker --privileged lists every host device, /dev/pts/ptmx included; devpts already has it.
        Bundle.Edit(c =>
        {
            var devs = c["linux"]!["devices"]?.AsArray();
            if (devs == null) c["linux"]!["devices"] = devs = new JsonArray();
            devs.Add(new JsonObject { ["path"] = "/dev/pts/ptmx", ["type"] = "c", ["major"] = 5, ["minor"] = 2, ["fileMode"] = 438, ["uid"] = 0, ["gid"] = 0 });
        });
        Assert.Equal("ok\n", Observe("test -c /dev/pts/ptmx && echo ok"));
    }
}
