using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>process.*: capabilities (each set), rlimits (every name), noNewPrivileges, oomScoreAdj, umask, user in a user namespace.</summary>
public sealed class ConfigProcessTests : ContainerTest
{
    private Dictionary<string, string> Status() =>
        Observe("cat /proc/self/status").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());

    private static string Mask(params int[] caps) => caps.Aggregate(0UL, (m, c) => m | 1UL << c).ToString("x16");

    private const int Chown = 0, Kill = 5, NetRaw = 13, SysChroot = 18;

    private void Caps(string[] bounding, string[] effective, string[] permitted, string[] inheritable, string[] ambient) =>
        Bundle.Edit(c => c["process"]!["capabilities"] = new JsonObject
        {
            ["bounding"] = BusyboxBundle.Array(bounding), ["effective"] = BusyboxBundle.Array(effective),
            ["permitted"] = BusyboxBundle.Array(permitted), ["inheritable"] = BusyboxBundle.Array(inheritable),
            ["ambient"] = BusyboxBundle.Array(ambient),
        });

    /// <summary>
    /// A non-root process: after execve the kernel keeps bounding and inheritable as set, and
    /// permitted = effective = ambient. So each of the five sets shows separately.
    /// </summary>
    [Fact]
    public void Each_capability_set_is_applied_for_a_non_root_user()
    {
        Bundle.User(1000, 1000);
        Caps(bounding: ["CAP_KILL", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_CHOWN"],
             effective: ["CAP_NET_RAW", "CAP_KILL"],
             permitted: ["CAP_NET_RAW", "CAP_KILL", "CAP_SYS_CHROOT"],
             inheritable: ["CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_CHOWN"],
             ambient: ["CAP_NET_RAW", "CAP_SYS_CHROOT"]);
        var s = Status();
        Assert.Equal(Mask(Kill, NetRaw, SysChroot, Chown), s["CapBnd"]);
        Assert.Equal(Mask(NetRaw, SysChroot, Chown), s["CapInh"]);
        Assert.Equal(Mask(NetRaw, SysChroot), s["CapAmb"]);
        Assert.Equal(Mask(NetRaw, SysChroot), s["CapPrm"]);
        Assert.Equal(Mask(NetRaw, SysChroot), s["CapEff"]);
    }

    /// <summary>An ambient capability needs to be permitted: leaving it out of permitted keeps it out of ambient.</summary>
    [Fact]
    public void Ambient_capabilities_need_the_permitted_set()
    {
        Bundle.User(1000, 1000);
        Caps(bounding: ["CAP_NET_RAW", "CAP_SYS_CHROOT"], effective: ["CAP_NET_RAW"], permitted: ["CAP_NET_RAW"],
             inheritable: ["CAP_NET_RAW", "CAP_SYS_CHROOT"], ambient: ["CAP_NET_RAW", "CAP_SYS_CHROOT"]);
        var r = RunShell("grep CapAmb /proc/self/status");
        Assert.Contains(Mask(NetRaw), r.Stdout);
    }

    /// <summary>Root after execve: permitted = effective = bounding (the file is treated as fully capable), inheritable as set.</summary>
    [Fact]
    public void Root_gets_its_bounding_set_as_permitted_and_effective()
    {
        Caps(bounding: ["CAP_KILL", "CAP_SYS_CHROOT"], effective: ["CAP_KILL", "CAP_SYS_CHROOT"], permitted: ["CAP_KILL", "CAP_SYS_CHROOT"],
             inheritable: ["CAP_KILL"], ambient: []);
        var s = Status();
        Assert.Equal(Mask(Kill, SysChroot), s["CapBnd"]);
        Assert.Equal(Mask(Kill, SysChroot), s["CapPrm"]);
        Assert.Equal(Mask(Kill, SysChroot), s["CapEff"]);
        Assert.Equal(Mask(Kill), s["CapInh"]);
        Assert.Equal(Mask(), s["CapAmb"]);
        Assert.Equal("ok", Observe("chroot / true && echo ok").Trim()); // CAP_SYS_CHROOT is effective
    }

    /// <summary>/proc/self/limits label of each RLIMIT_* name, and a value to set (capped at the host's hard limit).</summary>
    [Theory]
    [InlineData("RLIMIT_CPU", "Max cpu time", 1000UL)]
    [InlineData("RLIMIT_FSIZE", "Max file size", 1UL << 30)]
    [InlineData("RLIMIT_DATA", "Max data size", 1UL << 30)]
    [InlineData("RLIMIT_STACK", "Max stack size", 16UL << 20)]
    [InlineData("RLIMIT_CORE", "Max core file size", 4096UL)]
    [InlineData("RLIMIT_RSS", "Max resident set", 1UL << 30)]
    [InlineData("RLIMIT_NPROC", "Max processes", 5000UL)]
    [InlineData("RLIMIT_NOFILE", "Max open files", 777UL)]
    [InlineData("RLIMIT_MEMLOCK", "Max locked memory", 1UL << 20)]
    [InlineData("RLIMIT_AS", "Max address space", 1UL << 32)]
    [InlineData("RLIMIT_LOCKS", "Max file locks", 1000UL)]
    [InlineData("RLIMIT_SIGPENDING", "Max pending signals", 1000UL)]
    [InlineData("RLIMIT_MSGQUEUE", "Max msgqueue size", 409600UL)]
    [InlineData("RLIMIT_NICE", "Max nice priority", 0UL)]
    [InlineData("RLIMIT_RTPRIO", "Max realtime priority", 0UL)]
    [InlineData("RLIMIT_RTTIME", "Max realtime timeout", 1000000UL)]
    public void Rlimit_is_applied(string type, string label, ulong wanted)
    {
        ulong value = Math.Min(wanted, HostHardLimit(label));
        ulong soft = value == 0 ? 0 : value - 1;
        Bundle.Edit(c => c["process"]!["rlimits"] = new JsonArray(new JsonObject { ["type"] = type, ["soft"] = soft, ["hard"] = value }));
        string line = Observe($"grep '^{label} ' /proc/self/limits");
        string[] f = line[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(soft.ToString(), f[0]);
        Assert.Equal(value.ToString(), f[1]);
    }

    /// <summary>The runtime inherits the test process's limits: its hard limit is the ceiling without CAP_SYS_RESOURCE.</summary>
    private static ulong HostHardLimit(string label)
    {
        string line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith(label + " "));
        string hard = line[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return hard == "unlimited" ? ulong.MaxValue : ulong.Parse(hard);
    }

    [Fact]
    public void Raising_a_hard_limit_above_the_hosts_fails_clearly_and_cleanly()
    {
        ulong hard = HostHardLimit("Max open files");
        Skip.If(hard == ulong.MaxValue, "RLIMIT_NOFILE hard limit is unlimited here");
        Bundle.Edit(c => c["process"]!["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["soft"] = hard + 1, ["hard"] = hard + 1 }));
        Bundle.Shell("true");
        string id = NewId();
        var r = Rt.Run("create", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("rlimit", r.Stderr);
        if (!Env.IsRunc) Assert.Contains("RLIMIT_NOFILE", r.Stderr);
        Assert.Contains("operation not permitted", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Theory]
    [InlineData(false, "0")]
    [InlineData(true, "1")]
    public void No_new_privileges_is_applied(bool value, string expected)
    {
        Bundle.Edit(c => c["process"]!["noNewPrivileges"] = value);
        Assert.Equal(expected, Status()["NoNewPrivs"]);
    }

    [Theory]
    [InlineData(123)]
    [InlineData(1000)]
    public void Oom_score_adj_is_applied(int value)
    {
        Bundle.Edit(c => c["process"]!["oomScoreAdj"] = value);
        Assert.Equal(value.ToString(), Observe("cat /proc/self/oom_score_adj").Trim());
    }

    /// <summary>Lowering oom_score_adj needs CAP_SYS_RESOURCE, which this machine's bounding set lacks.</summary>
    [Fact]
    public void Lowering_oom_score_adj_without_cap_sys_resource_fails_naming_the_field()
    {
        Skip.If(File.ReadAllText("/proc/self/status").Contains("CapBnd:\t000001ffffffffff"), "CAP_SYS_RESOURCE is present here");
        Bundle.Edit(c => c["process"]!["oomScoreAdj"] = -500).Shell("true");
        string id = NewId();
        var r = Rt.Run("create", id);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("oom_score_adj", r.Stderr);
        if (!Env.IsRunc) Assert.Contains("process.oomScoreAdj", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
    }

    [Fact]
    public void Umask_in_a_user_namespace()
    {
        Bundle.UserNamespace(100000, 65536)
              .Edit(c => c["process"]!["user"] = new JsonObject { ["uid"] = 1000, ["gid"] = 1000, ["umask"] = 18 /* 022 */ });
        Assert.Equal("0022|1000", Observe("printf '%s|' $(grep Umask /proc/self/status | cut -f2); id -u").Trim());
    }

    [Fact]
    public void Default_umask_is_0022()
    {
        Assert.Equal("0022", Status()["Umask"]);
    }

    [Fact]
    public void User_and_groups_in_a_user_namespace_map_to_host_ids()
    {
        Bundle.UserNamespace(100000, 65536).User(1000, 1000, 42);
        Bundle.Shell("id -u; id -G; sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        string status = File.ReadAllText($"/proc/{pid}/status");
        Assert.Contains("Uid:\t101000\t101000\t101000\t101000", status);
        Assert.Contains("Gid:\t101000\t101000\t101000\t101000", status);
        Assert.Matches(@"Groups:.*\b100042\b", status);
    }

    [Fact]
    public void Home_from_env_wins_over_etc_passwd()
    {
        Bundle.User(1000, 1000).AddEnv("HOME=/custom");
        Assert.Equal("/custom", Observe("echo $HOME").Trim());
    }

    [Fact]
    public void Home_defaults_to_root_for_an_unknown_uid()
    {
        Bundle.User(4242, 4242);
        Assert.Equal("/", Observe("echo $HOME").Trim());
    }
}
