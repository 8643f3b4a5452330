using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>/dev: default devices, linux.devices (mknod, or a bind of the host node in a user namespace), symlinks, shm, console.</summary>
public sealed class ConfigDevTests : ContainerTest
{
    private BusyboxBundle Device(string path, string type, int major, int minor, int? mode = null, int? uid = null, int? gid = null) =>
        Bundle.Edit(c =>
        {
            var d = new JsonObject { ["path"] = path, ["type"] = type, ["major"] = major, ["minor"] = minor };
            if (mode is { } m) d["fileMode"] = m;
            if (uid is { } u) d["uid"] = u;
            if (gid is { } g) d["gid"] = g;
            var list = c["linux"]!["devices"]?.AsArray() ?? [];
            list.Add(d);
            c["linux"]!["devices"] = list.DeepClone();
        });

    [Theory]
    [InlineData("null", "1:3")]
    [InlineData("zero", "1:5")]
    [InlineData("full", "1:7")]
    [InlineData("random", "1:8")]
    [InlineData("urandom", "1:9")]
    [InlineData("tty", "5:0")]
    public void Default_device_exists_with_its_numbers_and_mode_0666(string name, string numbers)
    {
        string[] f = Observe($"stat -c '%F|%t:%T|%a' /dev/{name}").Trim().Split('|');
        string hex = string.Join(':', numbers.Split(':').Select(n => int.Parse(n).ToString("x")));
        Assert.Equal("character special file", f[0]);
        Assert.Equal(hex, f[1]);
        Assert.Equal("666", f[2]);
    }

    [Fact]
    public void Default_devices_work()
    {
        string[] lines = Observe("echo x > /dev/null && echo null-ok; head -c 4 /dev/zero | wc -c; " +
                                 "head -c 8 /dev/urandom | wc -c; head -c 8 /dev/random | wc -c; echo x > /dev/full 2>&1 || echo full-refused")
            .Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(["null-ok", "4", "8", "8"], lines[..4]);
        Assert.Contains("full-refused", lines);
    }

    [Theory]
    [InlineData("/dev/fd", "/proc/self/fd")]
    [InlineData("/dev/stdin", "/proc/self/fd/0")]
    [InlineData("/dev/stdout", "/proc/self/fd/1")]
    [InlineData("/dev/stderr", "/proc/self/fd/2")]
    [InlineData("/dev/ptmx", "pts/ptmx")]
    public void Standard_symlink_exists(string link, string target)
    {
        Assert.Equal(target, Observe($"readlink {link}").Trim());
    }

    [Fact]
    public void Ptmx_opens_a_new_pty_of_the_containers_devpts()
    {
        // The container's own devpts instance (newinstance, ptmxmode=0666): /dev/ptmx resolves into it.
        string output = Observe("grep ' /dev/pts ' /proc/self/mountinfo; stat -c %t:%T /dev/pts/ptmx; exec 3<>/dev/ptmx && echo opened");
        Assert.Contains("devpts", output);
        Assert.Contains("5:2", output);
        Assert.Contains("opened", output);
    }

    [Fact]
    public void Dev_shm_is_a_writable_tmpfs_with_the_default_flags()
    {
        string output = Observe("cat /proc/self/mountinfo; echo x > /dev/shm/f && echo written");
        var m = MountInfo.Of(output, "/dev/shm");
        Assert.Equal("tmpfs", m.FsType);
        Assert.Contains("nosuid", m.Options);
        Assert.Contains("nodev", m.Options);
        Assert.Contains("noexec", m.Options);
        Assert.Contains("written", output);
    }

    [Fact]
    public void Configured_char_device_is_created_with_mode_and_owner()
    {
        // 0600 and owned by 1000: only that user may write (root here has no CAP_DAC_OVERRIDE).
        Device("/dev/mynull", "c", 1, 3, mode: 0x180 /* 0600 */, uid: 1000, gid: 1000).User(1000, 1000);
        Assert.Equal("character special file|1:3|600|1000:1000|ok",
            Observe("printf '%s|' \"$(stat -c '%F|%t:%T|%a|%u:%g' /dev/mynull)\"; echo x > /dev/mynull && echo ok").Trim());
    }

    [Fact]
    public void Configured_block_device_and_fifo_are_created_in_subdirectories()
    {
        Device("/dev/sub/myloop", "b", 7, 200);
        Device("/dev/sub/mypipe", "p", 0, 0);
        string output = Observe("stat -c '%n %F %t:%T' /dev/sub/myloop /dev/sub/mypipe");
        Assert.Contains("/dev/sub/myloop block special file 7:c8", output);
        Assert.Contains("/dev/sub/mypipe fifo", output);
    }

    [Fact]
    public void Configured_device_in_a_user_namespace_is_a_bind_of_the_host_node()
    {
        Skip.If(!File.Exists("/dev/fuse"), "/dev/fuse missing on the host");
        Bundle.UserNamespace(100000, 65536);
        Device("/dev/fuse", "c", 10, 229);
        string output = Observe("stat -c '%F %t:%T' /dev/fuse; grep -c ' /dev/fuse ' /proc/self/mountinfo");
        Assert.Contains("character special file a:e5", output);
        Assert.EndsWith("1", output.Trim()); // mknod is not allowed there: a bind mount
    }

    [Fact]
    public void Console_is_the_pty_slave_when_terminal_is_true()
    {
        string sock = Path.Combine(Bundle.Dir, "console.sock");
        using var console = new FdReceiver(sock);
        Bundle.Edit(c => c["process"]!["terminal"] = true).Args("sleep", "30");
        string id = NewId();
        Rt.Must("run", "-d", "--console-socket", sock, id);
        FdReceiver.close(console.Wait().Fd);
        // 136 = 0x88: the Unix98 pty slave major; /dev/console is the init's own terminal.
        var r = Rt.Must("exec", id, "sh", "-c", "stat -c '%F %t' /dev/console; readlink /proc/1/fd/0");
        Assert.Contains("character special file 88", r.Stdout);
        Assert.Contains("/dev/pts/", r.Stdout);
    }

    [Fact]
    public void No_console_without_a_terminal()
    {
        Assert.Equal("absent", Observe("test -c /dev/console && echo present || echo absent").Trim());
    }
}
