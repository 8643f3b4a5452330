using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>The container's cgroup (cgroup v2 view): placed at linux.cgroupsPath, removed on delete.</summary>
public sealed class CgroupTests : ContainerTest
{
    private const string Parent = "ocirt-test";

    public CgroupTests()
    {
        // The parent is created by the runtime; remove it when empty (only in our cgroup2 view).
        OnCleanup(() =>
        {
            string dir = Path.Combine(Preconditions.CgroupRoot, Parent);
            if (Directory.Exists(dir) && Directory.GetDirectories(dir).Length == 0)
                try { Directory.Delete(dir); } catch (IOException) { }
        });
    }

    private static string HostCgroupV2(int pid) =>
        Procfs.Cgroup(pid).Split('\n').FirstOrDefault(l => l.StartsWith("0::"))?[3..] ?? "";

    [Fact]
    public void Container_runs_in_the_cgroup_named_by_cgroupsPath_and_delete_removes_it()
    {
        string id = NewId();
        Bundle.Args("sleep", "1000").CgroupsPath($"/{Parent}/{id}");
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        Assert.Equal($"/{Parent}/{id}", HostCgroupV2(pid));
        string dir = Path.Combine(Preconditions.CgroupRoot, Parent, id);
        Assert.True(Directory.Exists(dir), dir + " must exist while the container runs");
        Assert.Contains(pid.ToString(), File.ReadAllText(Path.Combine(dir, "cgroup.procs")).Split('\n'));

        Rt.Must("kill", id, "KILL");
        Rt.WaitForStatus(id, "stopped");
        Rt.Must("delete", id);
        Assert.False(Directory.Exists(dir), dir + " must be removed by delete");
    }

    [Fact]
    public void Created_container_is_already_in_its_cgroup()
    {
        string id = NewId();
        Bundle.Args("sleep", "1000").CgroupsPath($"/{Parent}/{id}");
        Rt.Must("create", id);
        Assert.Equal($"/{Parent}/{id}", HostCgroupV2(Rt.Pid(id)));
        Rt.Must("delete", id);
        Assert.False(Directory.Exists(Path.Combine(Preconditions.CgroupRoot, Parent, id)));
    }

    [Fact]
    public void Delete_force_removes_the_cgroup_of_a_running_container()
    {
        string id = NewId();
        Bundle.Shell("sleep 1000 & sleep 1000").CgroupsPath($"/{Parent}/{id}"); // two processes in the cgroup
        Rt.Must("run", "-d", id);
        string dir = Path.Combine(Preconditions.CgroupRoot, Parent, id);
        Assert.True(Poll.Until(() => File.ReadAllText(Path.Combine(dir, "cgroup.procs")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, 5000));
        Rt.Must("delete", "-f", id);
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void Default_container_gets_its_own_cgroup_and_delete_removes_it()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        string cg = HostCgroupV2(Rt.Pid(id));
        Assert.NotEqual(HostCgroupV2(Environment.ProcessId), cg);
        Assert.NotEqual("/", cg);
        Rt.Must("delete", "-f", id);
        Assert.False(Directory.Exists(Preconditions.CgroupRoot + cg), $"cgroup {cg} must be removed by delete");
    }

    [Fact]
    public void Cgroup_namespace_makes_the_container_cgroup_its_root()
    {
        string id = NewId();
        Bundle.Shell("cat /proc/self/cgroup").CgroupsPath($"/{Parent}/{id}").AddNamespace("cgroup");
        var r = Rt.Run("run", id);
        Assert.True(r.ExitCode == 0, r.ToString());
        // (the host is hybrid: v1 lines may follow, but the unified line must show the namespace root)
        Assert.Contains("0::/", r.Stdout.Split('\n'));
    }

    // runc main refuses to create a container in a non-empty cgroup (libcontainer Create; runc-contract.md §3.3).
    [ContractFact("runc 1.1.5 lets a second container join a non-empty cgroup")]
    public void Create_refuses_a_cgroup_that_already_has_processes()
    {
        string first = NewId(), second = NewId(), shared = NewId();
        Bundle.Args("sleep", "1000").CgroupsPath($"/{Parent}/{shared}");
        Rt.Must("create", first);
        int pid = Rt.Pid(first);
        var r = Rt.Run("create", second);
        Assert.True(r.ExitCode == 1, "create into a non-empty cgroup must fail: " + r);
        Assert.Contains("not empty", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, second)));
        Assert.Equal("created", Rt.Status(first));
        Assert.True(Procfs.IsAlive(pid));
        Assert.True(Directory.Exists(Path.Combine(Preconditions.CgroupRoot, Parent, shared)), "the failed create must not remove the other container's cgroup");
    }

    // runc refuses a frozen target cgroup (libcontainer/cgroups: "container's cgroup unexpectedly frozen").
    [Fact]
    public void Create_refuses_a_frozen_cgroup_and_leaves_it_as_it_was()
    {
        string id = NewId(), name = NewId();
        string dir = Path.Combine(Preconditions.CgroupRoot, Parent, name);
        Directory.CreateDirectory(dir);
        OnCleanup(() => { try { Directory.Delete(dir); } catch (IOException) { } });
        File.WriteAllText(Path.Combine(dir, "cgroup.freeze"), "1");
        Bundle.Args("true").CgroupsPath($"/{Parent}/{name}");
        var r = Rt.Run("create", id);
        Assert.True(r.ExitCode == 1, "create into a frozen cgroup must fail: " + r);
        Assert.Contains("frozen", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.True(Directory.Exists(dir), "a cgroup the runtime did not create must stay");
        Assert.Equal("", File.ReadAllText(Path.Combine(dir, "cgroup.procs")).Trim());
    }

    // Without a PID namespace of its own (the host's, or a pod's shared one) the init's children outlive it:
    // kill --all still ends them once the init has exited (runc). containerd's shim calls it right after the
    // init's exit for such containers (a CRI container in its pod's PID namespace), then reports the exit.
    [Fact]
    public void Kill_all_ends_what_outlives_the_init_without_a_pid_namespace()
    {
        string id = NewId();
        Bundle.Args("sh", "-c", "setsid sleep 1000 & exit 0").CgroupsPath($"/{Parent}/{id}").Edit(c =>
        {
            var ns = c["linux"]!["namespaces"]!.AsArray();
            foreach (var n in ns.Where(n => (string?)n!["type"] == "pid").ToList()) ns.Remove(n);
        });
        Rt.Must("run", "-d", id);
        Rt.WaitForStatus(id, "stopped");
        string procs = Path.Combine(Preconditions.CgroupRoot, Parent, id, "cgroup.procs");
        Assert.True(Poll.Until(() => File.ReadAllLines(procs).Length == 1, 10_000), "the sleep must outlive the init: " + File.ReadAllText(procs));
        int sleep = int.Parse(File.ReadAllLines(procs)[0]);
        Rt.Must("kill", "--all", id, "KILL");
        Assert.True(Poll.Until(() => !Procfs.IsAlive(sleep), 5000), $"pid {sleep} still alive after kill --all of a stopped container");
        Rt.Must("delete", id);
    }

    // kill --all and delete -f end every process of the cgroup (cgroup.kill), not just the init.
    [Theory]
    [InlineData("kill")]
    [InlineData("delete")]
    public void Kill_all_and_delete_force_end_every_process_of_a_busy_cgroup(string how)
    {
        string id = NewId();
        // 30 background sleeps in their own sessions, then the shell (31 processes; sh may exec the last sleep).
        Bundle.Args("sh", "-c", "for i in $(seq 1 30); do setsid sleep 1000 & done; sleep 1000").CgroupsPath($"/{Parent}/{id}");
        Rt.Must("run", "-d", id);
        string dir = Path.Combine(Preconditions.CgroupRoot, Parent, id);
        string procs = Path.Combine(dir, "cgroup.procs");
        Assert.True(Poll.Until(() => File.ReadAllLines(procs).Length >= 31, 10_000), "the container did not start its sleeps: " + File.ReadAllText(procs));
        var pids = File.ReadAllLines(procs).Select(int.Parse).ToList();
        if (how == "kill")
        {
            Rt.Must("kill", "--all", id, "KILL");
            Rt.WaitForStatus(id, "stopped");
            Rt.Must("delete", id);
        }
        else Rt.Must("delete", "-f", id);
        Assert.True(Poll.Until(() => pids.All(p => !Procfs.IsAlive(p)), 5000), $"still alive after {how}: {string.Join(",", pids.Where(Procfs.IsAlive))}");
        Assert.False(Directory.Exists(dir), dir + " must be removed");
        Assert.False(Rt.Exists(id));
    }
}
