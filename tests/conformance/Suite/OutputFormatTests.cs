using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>state and list exactly as runc prints them (runc-contract.md §2.1): go-runc and the shim parse these.</summary>
public sealed class OutputFormatTests : ContainerTest
{
    private static readonly string[] StateKeys = ["ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "owner"];
    private const string Rfc3339Nano = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$";

    [Fact]
    public void State_has_runc_fields_in_order_two_space_indent_and_no_trailing_newline()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        string text = Rt.Must("state", id).Stdout;
        Assert.False(text.EndsWith('\n'), "state output must have no trailing newline");
        Assert.StartsWith("{\n  \"ociVersion\": ", text); // json.MarshalIndent(cs, "", "  ")
        Assert.EndsWith("\n}", text);
        var s = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(StateKeys, s.Select(kv => kv.Key).ToArray());
        Assert.Matches(@"^\d+\.\d+\.\d+", s["ociVersion"]!.GetValue<string>());
        Assert.Equal(id, s["id"]!.GetValue<string>());
        Assert.True(s["pid"]!.GetValue<int>() > 0);
        Assert.Equal("created", s["status"]!.GetValue<string>());
        Assert.Equal(Bundle.Dir, s["bundle"]!.GetValue<string>());
        Assert.Equal(Bundle.Rootfs, s["rootfs"]!.GetValue<string>());
        string created = s["created"]!.GetValue<string>();
        Assert.Matches(Rfc3339Nano, created);
        var when = DateTimeOffset.Parse(created);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - when).TotalMinutes) < 5, $"created {created} is not now");
        Assert.Equal("", s["owner"]!.GetValue<string>()); // empty in `state`, filled only by `list`
    }

    [Fact]
    public void State_includes_annotations_after_created()
    {
        Bundle.Args("sleep", "1000").Edit(c => c["annotations"] = new JsonObject { ["org.example.key"] = "v1" });
        string id = NewId();
        Rt.Must("create", id);
        var s = Rt.State(id);
        Assert.Equal(["ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"], s.Select(kv => kv.Key).ToArray());
        Assert.Equal("v1", s["annotations"]!["org.example.key"]!.GetValue<string>());
    }

    [Fact]
    public void List_table_quiet_and_json()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);

        string table = Rt.Must("list").Stdout;
        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+PID\s+STATUS\s+BUNDLE\s+CREATED\s+OWNER$", lines[0]);
        Assert.Equal(2, lines.Length);
        string[] cols = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([id, pid.ToString(), "running", Bundle.Dir], cols[..4]);
        Assert.Matches(Rfc3339Nano, cols[4]);
        Assert.Equal("root", cols[5]);

        Assert.Equal(id + "\n", Rt.Must("list", "-q").Stdout);
        Assert.Equal(id + "\n", Rt.Must("list", "--quiet").Stdout);

        foreach (string[] args in new[] { new[] { "list", "--format", "json" }, ["list", "--format=json"], ["list", "-f", "json"] })
        {
            string json = Rt.Must(args).Stdout;
            Assert.EndsWith("}]\n", json); // json.Encoder: one line + newline
            Assert.Single(json.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var e = JsonNode.Parse(json)!.AsArray().Single()!.AsObject();
            Assert.Equal(StateKeys, e.Select(kv => kv.Key).ToArray());
            Assert.Equal(id, e["id"]!.GetValue<string>());
            Assert.Equal(pid, e["pid"]!.GetValue<int>());
            Assert.Equal("running", e["status"]!.GetValue<string>());
            Assert.Equal("root", e["owner"]!.GetValue<string>()); // list fills owner
        }
    }

    [Fact]
    public void List_shows_several_containers_with_their_statuses()
    {
        Bundle.Args("sleep", "1000");
        string a = NewId(), b = NewId();
        Rt.Must("create", a);
        Rt.Must("run", "-d", b);
        var entries = JsonNode.Parse(Rt.Must("list", "--format", "json").Stdout)!.AsArray()
            .ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!["status"]!.GetValue<string>());
        Assert.Equal(2, entries.Count);
        Assert.Equal("created", entries[a]);
        Assert.Equal("running", entries[b]);
        Assert.Equal(new[] { a, b }.Order(), Rt.ListIds().Order());
    }

    [Fact]
    public void List_of_an_empty_root()
    {
        Directory.CreateDirectory(StateRoot);
        Assert.Equal("null\n", Rt.Must("list", "--format", "json").Stdout);
        Assert.Equal("", Rt.Must("list", "-q").Stdout);
        string table = Rt.Must("list").Stdout;
        Assert.Matches(@"^ID\s+PID\s+STATUS\s+BUNDLE\s+CREATED\s+OWNER\n$", table);
    }

    // Contract (runc main, list.go getContainers): an explicit --root that does not exist → error.
    [ContractFact("runc 1.1.5 lists a non-existent explicit --root as empty (`null`, exit 0)")]
    public void List_of_a_nonexistent_explicit_root_is_an_error()
    {
        Assert.False(Directory.Exists(StateRoot));
        Assert.NotEqual(0, Rt.Run("list").ExitCode);
    }

    [Fact]
    public void Roots_are_isolated()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        var other = new Runtime(Env.StatePrefix + Env.NewSuffix(), Bundle.Dir);
        OnCleanup(() => { ForceDeleteAll(other); if (Directory.Exists(other.Root)) Directory.Delete(other.Root, true); });
        Directory.CreateDirectory(other.Root);
        other.MustFail("container does not exist", "state", id);
        Assert.Equal("null\n", other.Must("list", "--format", "json").Stdout);
        // The same id can exist in both roots. (Its default cgroup would be shared, and a runtime must refuse
        // a non-empty cgroup — runc-contract.md §3.3 — so the second one gets a cgroup of its own.)
        Bundle.CgroupsPath("/" + NewId());
        other.Must("create", id);
        Assert.Equal(new[] { id }, other.ListIds());
        other.Must("delete", "-f", id);
        Assert.Equal("created", Rt.Status(id));
        Assert.Equal(new[] { id }, Rt.ListIds());
    }
}
