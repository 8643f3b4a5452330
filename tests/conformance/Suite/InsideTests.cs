using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>What the process sees from inside the container, observed through a foreground `run`.</summary>
public sealed class InsideTests : ContainerTest
{
    [Theory]
    [InlineData("pid")]
    [InlineData("mnt")]
    [InlineData("uts")]
    [InlineData("ipc")]
    [InlineData("net")]
    [InlineData("cgroup")]
    public void Each_configured_namespace_is_new(string type)
    {
        string configType = type switch { "mnt" => "mount", "net" => "network", _ => type };
        Bundle.AddNamespace(configType);
        string inside = Observe($"readlink /proc/self/ns/{type}").Trim();
        string host = Procfs.OwnNamespace(type);
        Assert.Matches($@"^{type}:\[\d+\]$", inside);
        Assert.NotEqual(host, inside);
    }

    [Fact]
    public void A_namespace_left_out_of_the_config_is_shared_with_the_host()
    {
        Bundle.Edit(c =>
        {
            var ns = c["linux"]!["namespaces"]!.AsArray();
            foreach (var n in ns.Where(n => n!["type"]!.GetValue<string>() == "network").ToList()) ns.Remove(n);
        });
        Assert.Equal(Procfs.OwnNamespace("net"), Observe("readlink /proc/self/ns/net").Trim());
    }

    [Fact]
    public void The_process_is_pid_1()
    {
        Assert.Equal("1\n", Observe("echo $$"));
    }

    [Fact]
    public void Hostname_comes_from_the_config()
    {
        Bundle.Hostname("conf-host-" + Env.NewSuffix()[..4]);
        string expected = Bundle.Config["hostname"]!.GetValue<string>();
        Assert.Equal(expected + "\n", Observe("hostname"));
    }

    [Fact]
    public void Uid_gid_and_additional_gids_come_from_process_user()
    {
        Bundle.User(1000, 1000, 65534, 42);
        string[] lines = Observe("id -u; id -g; id -G").Split('\n');
        Assert.Equal("1000", lines[0]);
        Assert.Equal("1000", lines[1]);
        var groups = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Contains("1000", groups);
        Assert.Contains("65534", groups);
        Assert.Contains("42", groups);
        Assert.DoesNotContain("0", groups);
    }

    [Fact]
    public void Root_user_by_default()
    {
        Assert.Equal("0 0\n", Observe("echo $(id -u) $(id -g)"));
    }

    [Fact]
    public void Environment_comes_from_the_config()
    {
        Bundle.AddEnv("CONF_A=alpha", "CONF_B=with space=and equals");
        var env = Observe("env").Split('\n');
        Assert.Contains("CONF_A=alpha", env);
        Assert.Contains("CONF_B=with space=and equals", env);
        Assert.Contains(env, l => l.StartsWith("PATH="));
        Assert.Contains("TERM=xterm", env); // from the default spec
        Assert.Contains(env, l => l.StartsWith("HOME=/root")); // runc sets HOME from /etc/passwd when unset
    }

    [Fact]
    public void Cwd_comes_from_the_config()
    {
        Bundle.Cwd("/tmp");
        Assert.Equal("/tmp\n", Observe("pwd"));
    }

    [Fact]
    public void Cwd_is_created_when_missing()
    {
        Bundle.Cwd("/made/by/runtime");
        Assert.Equal("/made/by/runtime\n", Observe("pwd"));
    }

    [Fact]
    public void Args_are_passed_verbatim()
    {
        Bundle.Args("sh", "-c", "printf '[%s]' \"$@\"", "argv0", "one two", "", "*");
        var r = Rt.Run("run", NewId());
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("[one two][][*]", r.Stdout);
    }

    [Fact]
    public void User_namespace_maps_ids()
    {
        Bundle.UserNamespace(100000, 65536);
        string[] lines = Observe("cat /proc/self/uid_map /proc/self/gid_map; id -u; readlink /proc/self/ns/user").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0", "100000", "65536"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["0", "100000", "65536"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("0", lines[2]);
        Assert.NotEqual(Procfs.OwnNamespace("user"), lines[3]);
    }

    [Fact]
    public void Proc_is_mounted_and_shows_only_the_container()
    {
        string[] lines = Observe("ls -d /proc/1; ls /proc | grep -E '^[0-9]+$' | wc -l; grep ' /proc ' /proc/mounts | cut -d' ' -f3").Split('\n');
        Assert.Equal("/proc/1", lines[0]);
        Assert.True(int.Parse(lines[1].Trim()) <= 5, "only the container's processes are visible: " + lines[1]);
        Assert.Equal("proc", lines[2]);
    }

    [Fact]
    public void Dev_has_working_null_zero_and_pts()
    {
        string[] lines = Observe("echo x > /dev/null && echo null-ok; head -c 3 /dev/zero | wc -c; test -d /dev/pts && echo pts-ok; test -c /dev/urandom && echo urandom-ok; ls -l /dev/null | cut -c1")
            .Split('\n');
        Assert.Equal("null-ok", lines[0]);
        Assert.Equal("3", lines[1].Trim());
        Assert.Equal("pts-ok", lines[2]);
        Assert.Equal("urandom-ok", lines[3]);
        Assert.Equal("c", lines[4]);
    }

    [Fact]
    public void Sys_is_read_only()
    {
        var r = RunShell("touch /sys/x && echo wrote || echo refused");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("refused\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr);
    }

    [Fact]
    public void Readonly_rootfs_refuses_writes_but_tmpfs_mounts_stay_writable()
    {
        Bundle.ReadonlyRootfs(true).AddMount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");
        var r = RunShell("touch /x && echo wrote || echo refused; touch /tmp/y && echo tmp-ok");
        Assert.Equal("refused\ntmp-ok\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr);
        Assert.False(File.Exists(Path.Combine(Bundle.Rootfs, "x")));
    }

    [Fact]
    public void Writable_rootfs_when_readonly_is_false()
    {
        Bundle.ReadonlyRootfs(false);
        Assert.Equal("ok\n", Observe("touch /written-inside && echo ok"));
        Assert.True(File.Exists(Path.Combine(Bundle.Rootfs, "written-inside")), "the write went to the bundle's rootfs");
    }

    [Fact]
    public void Bind_mount_shows_host_content()
    {
        string src = Path.Combine(Bundle.Dir, "share");
        Directory.CreateDirectory(src);
        File.WriteAllText(Path.Combine(src, "hello"), "from-host");
        Bundle.AddMount("/share", "bind", src, "rbind", "ro");
        Assert.Equal("from-host", Observe("cat /share/hello"));
    }

    [Fact]
    public void Rootfs_is_the_root_and_the_host_is_not_visible()
    {
        File.WriteAllText(Path.Combine(Bundle.Rootfs, "marker"), "in-rootfs");
        string outp = Observe("cat /marker; test -e /" + Path.GetFileName(Bundle.Dir) + " && echo host-visible || echo isolated");
        Assert.Equal("in-rootfs" + "isolated\n", outp);
    }
}
