using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>User namespaces: several mapping ranges, setgroups, a rootfs owned by the mapped root, joining by path.</summary>
public sealed class ConfigUserNsTests : ContainerTest
{
    private static JsonObject Range(uint container, uint host, uint size) =>
        new() { ["containerID"] = container, ["hostID"] = host, ["size"] = size };

    [Fact]
    public void Several_mapping_ranges_are_written_in_order()
    {
        Bundle.AddNamespace("user").Edit(c =>
        {
            c["linux"]!["uidMappings"] = new JsonArray(Range(0, 100000, 1000), Range(1000, 301000, 10));
            c["linux"]!["gidMappings"] = new JsonArray(Range(0, 200000, 500), Range(500, 400500, 20));
        });
        string[] lines = Observe("cat /proc/self/uid_map; echo --; cat /proc/self/gid_map").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
        Assert.Equal(["0 100000 1000", "1000 301000 10", "--", "0 200000 500", "500 400500 20"], lines);
    }

    [Fact]
    public void A_user_in_the_second_range_is_mapped_through_it()
    {
        Bundle.AddNamespace("user").Edit(c =>
        {
            c["linux"]!["uidMappings"] = new JsonArray(Range(0, 100000, 1000), Range(1000, 301000, 10));
            c["linux"]!["gidMappings"] = new JsonArray(Range(0, 100000, 1000), Range(1000, 301000, 10));
        }).User(1005, 1005).Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Assert.Contains("Uid:\t301005\t301005\t301005\t301005", File.ReadAllText($"/proc/{Rt.Pid(id)}/status"));
    }

    [Fact]
    public void Setgroups_is_allowed_so_additional_gids_apply()
    {
        Bundle.UserNamespace(100000, 65536).User(1000, 1000, 44, 55);
        string output = Observe("cat /proc/self/setgroups; id -G");
        Assert.StartsWith("allow", output);
        Assert.Contains("44", output);
        Assert.Contains("55", output);
    }

    [Fact]
    public void A_rootfs_owned_by_the_mapped_root_is_writable_by_root_inside()
    {
        Assert.Equal(0, Exec.Run("/bin/chown", ["-R", "-h", "100000:100000", Bundle.Rootfs]).ExitCode);
        Bundle.UserNamespace(100000, 65536).ReadonlyRootfs(false);
        Assert.Equal("0:0|ok", Observe("printf '%s|' $(stat -c %u:%g /); touch /made-by-mapped-root && echo ok").Trim());
        Assert.Equal(100000, Owner(Path.Combine(Bundle.Rootfs, "made-by-mapped-root")));
    }

    private static int Owner(string path)
    {
        var r = Exec.Run("/bin/busybox", ["stat", "-c", "%u", path]);
        return int.Parse(r.Stdout.Trim());
    }

    [Fact]
    public void An_unmapped_rootfs_owner_shows_as_the_overflow_id()
    {
        Bundle.UserNamespace(100000, 65536);
        Assert.Equal("65534", Observe("stat -c %u /bin/busybox").Trim());
    }

    [Fact]
    public void Joining_an_existing_user_namespace_by_path() => JoinUserNamespace(withMappings: true);

    [ContractFact("runc 1.1.5 requires the mappings beside a userns path; newer runc takes them from the namespace")]
    public void Joining_an_existing_user_namespace_by_path_without_mappings() => JoinUserNamespace(withMappings: false);

    private void JoinUserNamespace(bool withMappings)
    {
        Bundle.UserNamespace(100000, 65536).Shell("sleep 30");
        string first = NewId();
        Rt.Must("run", "-d", first);
        int pid = Rt.Pid(first);
        string userNs = new FileInfo($"/proc/{pid}/ns/user").LinkTarget!;

        using var second = new BusyboxBundle();
        second.UserNamespace(100000, 65536).Edit(c =>
        {
            foreach (var n in c["linux"]!["namespaces"]!.AsArray())
                if (n!["type"]!.GetValue<string>() == "user") n["path"] = $"/proc/{pid}/ns/user";
            if (!withMappings) { c["linux"]!.AsObject().Remove("uidMappings"); c["linux"]!.AsObject().Remove("gidMappings"); }
        }).Shell("readlink /proc/self/ns/user; id -u");
        var r = Rt.RunIn(second.Dir, "run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"{userNs}\n0\n", r.Stdout);
    }
}
