using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>Process security settings of the default spec, observed in /proc/self/status from inside.</summary>
public sealed class SecurityTests : ContainerTest
{
    private Dictionary<string, string> Status()
    {
        return Observe("cat /proc/self/status").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
    }

    // CAP_KILL (5) | CAP_NET_BIND_SERVICE (10) | CAP_AUDIT_WRITE (29): the default spec's capability sets.
    private const string DefaultCaps = "0000000020000420";

    [Fact]
    public void Default_capabilities_and_no_new_privs_for_root()
    {
        var s = Status();
        Assert.Equal(DefaultCaps, s["CapBnd"]);
        Assert.Equal(DefaultCaps, s["CapEff"]);
        Assert.Equal(DefaultCaps, s["CapPrm"]);
        Assert.Equal("1", s["NoNewPrivs"]);
    }

    [Fact]
    public void Non_root_user_keeps_the_bounding_set_but_no_effective_caps()
    {
        Bundle.User(1000, 1000);
        var s = Status();
        Assert.Equal(DefaultCaps, s["CapBnd"]);
        Assert.Equal("0000000000000000", s["CapEff"]);
        Assert.Equal("1000\t1000\t1000\t1000", s["Uid"]);
    }

    [Fact]
    public void Empty_capabilities_drop_everything()
    {
        Bundle.Edit(c => c["process"]!["capabilities"] = new System.Text.Json.Nodes.JsonObject());
        var s = Status();
        Assert.Equal("0000000000000000", s["CapBnd"]);
        Assert.Equal("0000000000000000", s["CapEff"]);
    }

    [Fact]
    public void Rlimit_nofile_from_the_default_spec()
    {
        Assert.Equal("1024\n", Observe("ulimit -n"));
    }

    [Fact]
    public void Umask_from_process_user()
    {
        Bundle.Edit(c => c["process"]!["user"] = new System.Text.Json.Nodes.JsonObject { ["uid"] = 0, ["gid"] = 0, ["umask"] = 63 });
        Assert.Equal("0077", Status()["Umask"]);
    }

    [Fact]
    public void Home_is_taken_from_etc_passwd_when_not_in_env()
    {
        Bundle.User(1000, 1000);
        Assert.Equal("/home/user1\n", Observe("echo $HOME"));
    }

    [Fact]
    public void Masked_paths_are_empty()
    {
        var masked = Bundle.Config["linux"]!["maskedPaths"]!.AsArray().Select(p => p!.GetValue<string>())
            .Where(p => File.Exists(p) || Directory.Exists(p)).ToArray(); // what this kernel has
        Assert.NotEmpty(masked);
        string script = string.Join("; ", masked.Select(p =>
            $"if [ -d {p} ]; then echo {p} $(ls -A {p} | wc -l); elif [ -e {p} ]; then echo {p} $(cat {p} 2>/dev/null | wc -c); else echo {p} absent; fi"));
        foreach (string line in Observe(script).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.True(line.EndsWith(" 0") || line.EndsWith(" absent"), "masked path shows content: " + line);
    }

    [Fact]
    public void Readonly_paths_refuse_writes()
    {
        Assert.Contains("/proc/sys", Bundle.Config["linux"]!["readonlyPaths"]!.AsArray().Select(p => p!.GetValue<string>()));
        var r = RunShell("echo changed > /proc/sys/kernel/hostname && echo wrote || echo refused");
        Assert.Equal("refused\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr);
    }
}
