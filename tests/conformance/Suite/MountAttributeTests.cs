using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>Recursive mount attributes (mount_setattr) and id-mapped bind mounts, observed from inside.</summary>
public sealed class MountAttributeTests : ContainerTest
{
    private string HostDir(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ocirt-conf-{name}-{Env.NewSuffix()}");
        Directory.CreateDirectory(dir);
        OnCleanup(() => Directory.Delete(dir, recursive: true));
        return dir;
    }

    [Fact]
    public void Rro_makes_submounts_read_only_too_where_ro_does_not()
    {
        // A tree with a submount; the suite runs in its own mount namespace, so this mount is ours alone.
        string dir = HostDir("tree");
        string sub = Path.Combine(dir, "sub");
        Directory.CreateDirectory(sub);
        var mount = Exec.Run("/bin/mount", ["-t", "tmpfs", "tmpfs", sub]);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        OnCleanup(() => Exec.Run("/bin/umount", [sub]));

        Bundle.AddMount("/ro", "bind", dir, "rbind", "ro").AddMount("/rro", "bind", dir, "rbind", "rro");
        string output = Observe(
            "touch /ro/sub/a 2>/dev/null && echo ro-sub-writable; touch /rro/sub/b 2>&1; touch /rro/c 2>&1; true");
        Assert.Contains("ro-sub-writable", output);   // plain ro: only the top mount
        Assert.Contains("touch: /rro/sub/b: Read-only file system", output);
        Assert.Contains("touch: /rro/c: Read-only file system", output);
    }

    [OcirtOnlyFact("runc 1.1.5 has no id-mapped mounts")]
    public void An_id_mapped_bind_mount_shows_mapped_owners()
    {
        string dir = HostDir("idmap");
        File.WriteAllText(Path.Combine(dir, "by-root"), "");
        File.WriteAllText(Path.Combine(dir, "by-1000"), "");
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ed);
        Assert.Equal(0, Exec.Run("/bin/chown", ["1000:1000", Path.Combine(dir, "by-1000")]).ExitCode);
        JsonArray Map() => [new JsonObject { ["containerID"] = 0, ["hostID"] = 2000, ["size"] = 1001 }];
        Bundle.Edit(c => c["mounts"]!.AsArray().Add(new JsonObject
        {
            ["destination"] = "/mapped", ["type"] = "bind", ["source"] = dir,
            ["options"] = BusyboxBundle.Array("rbind", "rw"), ["uidMappings"] = Map(), ["gidMappings"] = Map(),
        }));
        Bundle.AddMount("/plain", "bind", dir, "rbind", "ro");
        string output = Observe("stat -c '%n %u:%g' /mapped/by-root /mapped/by-1000 /plain/by-root /plain/by-1000");
        Assert.Contains("/mapped/by-root 2000:2000", output);   // on-disk 0 (containerID) seen as 2000 (hostID)
        Assert.Contains("/mapped/by-1000 3000:3000", output);
        Assert.Contains("/plain/by-root 0:0", output);
        Assert.Contains("/plain/by-1000 1000:1000", output);
    }

    [OcirtOnlyFact("runc 1.1.5 has no id-mapped mounts")]
    public void An_id_mapped_mount_that_is_not_a_bind_is_refused_with_nothing_left()
    {
        JsonArray Map() => [new JsonObject { ["containerID"] = 0, ["hostID"] = 2000, ["size"] = 10 }];
        Bundle.Edit(c => c["mounts"]!.AsArray().Add(new JsonObject
        {
            ["destination"] = "/t", ["type"] = "tmpfs", ["source"] = "tmpfs", ["uidMappings"] = Map(), ["gidMappings"] = Map(),
        }));
        Bundle.Shell("true");
        var r = Rt.Run("run", NewId());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("id-mapped mounts are only supported for bind mounts", r.Stderr);
    }
}
