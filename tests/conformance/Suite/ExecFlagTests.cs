using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// `exec` (runc-contract.md §1.2): the process joins every namespace and the cgroup of the init, inherits the
/// container's process attributes, and each flag overrides what it names; -p process.json; paused containers.
/// </summary>
public sealed class ExecFlagTests : ContainerTest
{
    private static readonly string[] NamespaceTypes = ["mnt", "pid", "net", "ipc", "uts", "cgroup", "user", "time"];

    private string Running(Action<BusyboxBundle>? configure = null)
    {
        Bundle.Args("sleep", "1000");
        configure?.Invoke(Bundle);
        string id = NewId();
        Rt.Must("run", "-d", id);
        return id;
    }

    private string ExecOut(params string[] args)
    {
        var r = Rt.Run(["exec", .. args]);
        Assert.True(r.ExitCode == 0, $"exec {string.Join(" ", args)}: {r}");
        return r.Stdout;
    }

    [ContractFact("its run -d with a user namespace fails on this harness's root-owned rootfs")]
    public void Exec_joins_every_namespace_of_the_init_user_namespace_included_and_its_cgroup()
    {
        string id = Running(b => b.UserNamespace(100000, 65536).AddNamespace("time"));
        int init = Rt.Pid(id);
        string script = string.Join("; ", NamespaceTypes.Select(t => $"readlink /proc/self/ns/{t}")) + "; grep ^0:: /proc/self/cgroup; grep ^0:: /proc/1/cgroup";
        string[] lines = ExecOut(id, "sh", "-c", script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < NamespaceTypes.Length; i++)
        {
            string type = NamespaceTypes[i];
            string ofInit = new FileInfo($"/proc/{init}/ns/{type}").LinkTarget!;
            Assert.True(ofInit == lines[i], $"{type}: exec is in {lines[i]}, the init in {ofInit}");
            Assert.NotEqual(Procfs.OwnNamespace(type), lines[i]);
        }
        Assert.Equal(lines[^2], lines[^1]);
        Assert.Equal("0::/", lines[^1]);
    }

    [Fact]
    public void Cwd_env_user_and_additional_gids_flags()
    {
        string id = Running();
        string[] lines = ExecOut("--cwd", "/tmp", "--env", "FOO=bar", "--env", "BAZ=qux", "--user", "1000:1001", "--additional-gids", "10", "--additional-gids", "20",
            id, "sh", "-c", "pwd; echo $FOO $BAZ; id -u; id -g; id -G").Split('\n');
        Assert.Equal("/tmp", lines[0]);
        Assert.Equal("bar qux", lines[1]);
        Assert.Equal("1000", lines[2]);
        Assert.Equal("1001", lines[3]);
        Assert.Equal([10, 20, 1001], lines[4].Split(' ').Select(int.Parse).Order());
    }

    private static ulong CapSet(string status, string name) =>
        Convert.ToUInt64(status.Split('\n').First(l => l.StartsWith(name + ":"))[(name.Length + 1)..].Trim(), 16);

    [Fact]
    public void Cap_adds_a_capability_and_the_container_sets_are_inherited_otherwise()
    {
        string id = Running();
        const int CAP_SYS_ADMIN = 21, CAP_KILL = 5;
        string plain = ExecOut(id, "cat", "/proc/self/status");
        Assert.Equal(0UL, CapSet(plain, "CapEff") & (1UL << CAP_SYS_ADMIN));
        Assert.NotEqual(0UL, CapSet(plain, "CapEff") & (1UL << CAP_KILL));
        string added = ExecOut("--cap", "CAP_SYS_ADMIN", id, "cat", "/proc/self/status");
        foreach (string set in new[] { "CapEff", "CapPrm", "CapBnd" })
            Assert.True((CapSet(added, set) & (1UL << CAP_SYS_ADMIN)) != 0, $"{set} lacks CAP_SYS_ADMIN after --cap");
        Assert.NotEqual(0UL, CapSet(added, "CapEff") & (1UL << CAP_KILL));
    }

    [ContractFact("it ignores unknown capability names with a warning")]
    public void Unknown_cap_is_refused_naming_it()
    {
        string id = Running();
        Rt.MustFailWith(255, "CAP_NOPE", "exec", "--cap", "CAP_NOPE", id, "true");
    }

    [Fact]
    public void No_new_privs_flag_and_inheritance()
    {
        string without = Running(b => b.Edit(c => c["process"]!["noNewPrivileges"] = false));
        Assert.Contains("NoNewPrivs:\t0", ExecOut(without, "cat", "/proc/self/status"));
        Assert.Contains("NoNewPrivs:\t1", ExecOut("--no-new-privs", without, "cat", "/proc/self/status"));
    }

    [ContractFact("its exec does not apply the container's rlimits (ulimit -n shows the caller's)")]
    public void Exec_inherits_the_containers_rlimits_umask_and_nnp()
    {
        string id = Running(b => b.Edit(c =>
        {
            c["process"]!["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["soft"] = 777, ["hard"] = 1024 });
            c["process"]!["noNewPrivileges"] = true;
        }));
        string[] lines = ExecOut(id, "sh", "-c", "ulimit -n; ulimit -Hn; grep NoNewPrivs /proc/self/status").Split('\n');
        Assert.Equal("777", lines[0]);
        Assert.Equal("1024", lines[1]);
        Assert.Equal("NoNewPrivs:\t1", lines[2]);
    }

    [Fact]
    public void Process_json_replaces_the_flags()
    {
        string id = Running();
        string json = Path.Combine(Bundle.Dir, "process.json");
        File.WriteAllText(json, """
            {"args": ["sh", "-c", "echo $X; pwd; id -u"], "env": ["X=from-json", "PATH=/bin"], "cwd": "/etc",
             "user": {"uid": 1234, "gid": 1234}, "terminal": false}
            """);
        // runc ignores per-field flags with -p (getProcess).
        string[] lines = ExecOut("--process", json, "--cwd", "/tmp", id).Split('\n');
        Assert.Equal(["from-json", "/etc", "1234"], lines[..3]);
    }

    [ContractFact("exec --ignore-paused hangs: its setns process is placed in the frozen cgroup before it is set up")]
    public void Paused_containers_need_ignore_paused()
    {
        string id = Running();
        Rt.Must("pause", id);
        Rt.MustFailWith(255, "cannot exec in a paused container (use --ignore-paused to override)", "exec", id, "true");
        string pidFile = Path.Combine(Bundle.Dir, "exec.pid");
        Rt.Must("exec", "--ignore-paused", "-d", "--pid-file", pidFile, id, "sleep", "1000");
        int pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(Procfs.IsAlive(pid));
        Assert.Equal(Procfs.Cgroup(Rt.Pid(id)), Procfs.Cgroup(pid));
        Assert.Contains("State:\tS", File.ReadAllText($"/proc/{pid}/status")); // frozen: sleeping in the freezer
        Rt.Must("resume", id);
        Assert.Equal("running", Rt.Status(id));
        // Created frozen, it runs its program once the container thaws.
        Assert.True(Poll.Until(() => File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep", 5000), "the exec'd process did not start after resume");
    }

    [Fact]
    public void Exec_into_a_stopped_or_created_container()
    {
        Bundle.Args("true");
        string stopped = NewId();
        Assert.Equal(0, Rt.Run("run", "--keep", stopped).ExitCode);
        Rt.MustFailWith(255, "cannot exec in a stopped container", "exec", stopped, "true");
        Rt.Must("delete", stopped);
    }

    [Fact]
    public void Cgroup_flag_runs_the_process_in_an_existing_sub_cgroup()
    {
        string id = Running();
        string own = Procfs.Cgroup(Rt.Pid(id)).Split('\n').First(l => l.StartsWith("0::"))[3..];
        string sub = Path.Join(Preconditions.CgroupRoot, own, "sub");
        Directory.CreateDirectory(sub);
        Assert.Equal("0::/sub", ExecOut("--cgroup", "sub", id, "grep", "^0::", "/proc/self/cgroup").Trim());
        if (!Env.IsRunc) // runc 1.1.5 knows no hugetlb controller in sub-cgroup paths
            Assert.Equal("0::/sub", ExecOut("--cgroup", "hugetlb:sub", id, "grep", "^0::", "/proc/self/cgroup").Trim());
        // ".." cannot climb out of the container's cgroup.
        Rt.MustFailWith(255, "is not a sub cgroup path", "exec", "--cgroup", "../../sub", id, "true");
        Rt.MustFailWith(255, "nosuch", "exec", "--cgroup", "nosuch", id, "true");
        Rt.MustFailWith(255, "invalid --cgroup argument", "exec", "--cgroup", "a:b:c", id, "true");
        Rt.MustFailWith(255, "missing <controller>: prefix", "exec", "--cgroup", "sub", "--cgroup", "pids:sub", id, "true");
        // delete removes the sub-cgroup with the container's (the harness checks nothing is left).
        Rt.Must("delete", "-f", id);
        Assert.False(Directory.Exists(sub));
    }

    [ContractFact("its message does not name the flag")]
    public void Lsm_flags_are_refused_naming_the_flag_when_the_lsm_is_absent()
    {
        Skip.If(File.Exists("/sys/module/apparmor/parameters/enabled") || File.Exists("/sys/fs/selinux/enforce"), "this host has an LSM: the refusal cannot be observed");
        string id = Running();
        Rt.MustFailWith(255, "--apparmor", "exec", "--apparmor", "docker-default", id, "true");
        Rt.MustFailWith(255, "--process-label", "exec", "--process-label", "system_u:system_r:container_t:s0", id, "true");
    }
}
