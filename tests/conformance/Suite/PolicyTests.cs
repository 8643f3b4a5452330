using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Policy a hostile bundle must not get around: proc/sysfs only on ordinary directories, the device cgroup
/// rules hold for configured device nodes, and no ocirt path re-owns or re-modes a host device node.
/// </summary>
public sealed class PolicyTests : ContainerTest
{
    [Theory]
    [InlineData("proc", "/tmp")]
    [InlineData("sys", "/tmp")]
    [InlineData("proc", "../../../../../../../../tmp")]
    public void A_rootfs_whose_proc_or_sys_is_a_symlink_is_refused_and_leaves_nothing(string dir, string target)
    {
        string path = Path.Combine(Bundle.Rootfs, dir);
        Directory.Delete(path);
        File.CreateSymbolicLink(path, target);
        string id = NewId();
        Bundle.CgroupsPath("/" + id).Args("true");
        var r = Rt.RunWithTimeout(20_000, "run", id);
        Assert.True(r.ExitCode == 1, r.ToString());
        string type = dir == "proc" ? "proc" : "sysfs";
        Assert.Contains("must be mounted on ordinary directory", r.Stderr);
        Assert.Contains(type, r.Stderr);
        if (!Env.IsRunc) Assert.Contains("mounts[", r.Stderr); // names the field
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [Fact]
    public void A_regular_file_at_proc_is_refused()
    {
        string path = Path.Combine(Bundle.Rootfs, "proc");
        Directory.Delete(path);
        File.WriteAllText(path, "");
        var r = Rt.RunWithTimeout(20_000, "run", NewId());
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("must be mounted on ordinary directory", r.Stderr);
    }

    /// <summary>/dev/kmsg (c 1:11) listed in linux.devices under runc's deny-all rule: the node exists, writing it is EPERM.</summary>
    [Fact]
    public void A_deny_all_device_rule_keeps_a_configured_dev_kmsg_unwritable()
    {
        Bundle.Edit(c =>
        {
            c["linux"]!["devices"] = new JsonArray(new JsonObject { ["path"] = "/dev/kmsg", ["type"] = "c", ["major"] = 1, ["minor"] = 11, ["fileMode"] = 438 });
            c["linux"]!["resources"] = new JsonObject { ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }) };
        });
        string output = Observe("stat -c '%F %t:%T' /dev/kmsg; (echo ocirt-kmsg-probe > /dev/kmsg) 2>&1; echo write=$?");
        Assert.Contains("character special file 1:b", output);
        Assert.Contains("Operation not permitted", output);
        Assert.Contains("write=1", output);
    }

    /// <summary>Host device nodes a container setup could reach: owner, group, mode and ctime (any chown/chmod changes ctime).</summary>
    private static Dictionary<string, string> HostDeviceNodes()
    {
        string[] candidates = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx",
            "/dev/pts/ptmx", "/dev/console", "/dev/fuse", "/dev/kmsg", "/dev/net/tun", "/dev/loop-control"];
        var existing = candidates.Where(File.Exists).ToArray();
        var r = Exec.Run("stat", ["-c", "%n %u:%g %a %z", .. existing]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(' ')[0], l => l);
    }

    [Fact]
    public void No_path_re_owns_or_re_modes_a_host_device_node()
    {
        var before = HostDeviceNodes();
        Assert.Contains("/dev/null", before.Keys);

        // A user-namespaced container with configured devices owned by a container user (bound from the host
        // there: mknod is not allowed), a terminal over a console socket, exec --user with and without -t.
        Bundle.UserNamespace(100000, 65536).Edit(c =>
        {
            var devs = new JsonArray();
            foreach (var (path, major, minor) in new[] { ("/dev/null", 1, 3), ("/dev/kmsg", 1, 11), ("/dev/fuse", 10, 229) })
                if (File.Exists(path))
                    devs.Add(new JsonObject { ["path"] = path, ["type"] = "c", ["major"] = major, ["minor"] = minor, ["fileMode"] = 384, ["uid"] = 1000, ["gid"] = 1000 });
            c["linux"]!["devices"] = devs;
            c["process"]!["terminal"] = true;
        }).Args("sh");
        string id = NewId(), sock = Path.Combine(Bundle.Dir, "console.sock");
        using var receiver = new FdReceiver(sock);
        Rt.Must("run", "-d", "--console-socket", sock, id);
        using var console = new PtyMaster(receiver.Wait().Fd); // kept open: closing it would hang up the init
        console.Write("chown 0:0 /dev/null /dev/kmsg 2>/dev/null; chmod 600 /dev/null 2>/dev/null; echo done-$((40+2))\n");
        console.ReadUntil("done-42");
        Rt.Must("exec", "--user", "1000:1000", id, "sh", "-c", "cat /dev/null; ls -l /dev >/dev/null");
        string execSock = Path.Combine(Bundle.Dir, "exec.sock");
        using (var execReceiver = new FdReceiver(execSock))
        {
            Rt.Must("exec", "-t", "-d", "--user", "1000:1000", "--console-socket", execSock, id, "sh");
            using var pty = new PtyMaster(execReceiver.Wait().Fd);
            pty.Write("tty; echo x > /dev/null; echo done-$((40+2))\n");
            pty.ReadUntil("done-42");
            pty.Write("exit\n");
        }
        Rt.Must("delete", "-f", id);

        // Without a user namespace too: the same devices, made by mknod in the container's /dev.
        Bundle.Edit(c =>
        {
            c["linux"]!["namespaces"] = new JsonArray(c["linux"]!["namespaces"]!.AsArray()
                .Where(n => n!["type"]!.GetValue<string>() != "user").Select(n => n!.DeepClone()).ToArray());
            c["linux"]!.AsObject().Remove("uidMappings");
            c["linux"]!.AsObject().Remove("gidMappings");
            c["process"]!["terminal"] = false;
        });
        Observe("ls -l /dev/null /dev/kmsg");

        var after = HostDeviceNodes();
        var changed = before.Keys.Where(k => !after.TryGetValue(k, out string? a) || a != before[k])
            .Select(k => $"{before[k]}  =>  {after.GetValueOrDefault(k)}").ToList();
        Assert.True(changed.Count == 0, "host device nodes changed:\n" + string.Join("\n", changed));
    }
}
