using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Every invalid config.json value: `create` exits 1, says which field (and value) is wrong, and leaves
/// nothing behind — no state dir, no cgroup, no process (as CleanFailureTests).
/// </summary>
public sealed class NegativeConfigTests : ContainerTest
{
    /// <summary>case name → (edit, phrases stderr must contain; ocirt only: runc's texts differ, its exit code and cleanup do not).</summary>
    private static readonly Dictionary<string, (Action<JsonNode> Edit, string[] Phrases)> Cases = new()
    {
        ["unknown capability"] = (c => c["process"]!["capabilities"]!["bounding"]!.AsArray().Add("CAP_BOGUS"),
            ["process.capabilities.bounding", "CAP_BOGUS"]),
        ["unknown ambient capability"] = (c => c["process"]!["capabilities"]!["ambient"] = BusyboxBundle.Array("CAP_NOPE"),
            ["process.capabilities.ambient", "CAP_NOPE"]),
        ["unknown rlimit"] = (c => c["process"]!["rlimits"]!.AsArray().Add(new JsonObject { ["type"] = "RLIMIT_BOGUS", ["soft"] = 1, ["hard"] = 1 }),
            ["process.rlimits", "RLIMIT_BOGUS"]),
        ["duplicate rlimit"] = (c => c["process"]!["rlimits"]!.AsArray().Add(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["soft"] = 1, ["hard"] = 1 }),
            ["process.rlimits", "RLIMIT_NOFILE"]),
        ["rlimit soft above hard"] = (c => c["process"]!["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_CORE", ["soft"] = 10, ["hard"] = 1 }),
            ["process.rlimits[0]"]),
        ["umask of the wrong type"] = (c => c["process"]!["user"]!["umask"] = "022", ["umask"]),
        ["uid of the wrong type"] = (c => c["process"]!["user"]!["uid"] = "root", ["uid"]),
        ["env entry without ="] = (c => c["process"]!["env"]!.AsArray().Add("NOEQUALS"), ["process.env"]),
        ["empty args"] = (c => c["process"]!["args"] = new JsonArray(), ["process.args"]),
        ["relative cwd"] = (c => c["process"]!["cwd"] = "relative/dir", ["process.cwd"]),
        ["oomScoreAdj out of range"] = (c => c["process"]!["oomScoreAdj"] = 2000, ["process.oomScoreAdj", "2000"]),
        ["unknown ioPriority class"] = (c => c["process"]!["ioPriority"] = new JsonObject { ["class"] = "IOPRIO_CLASS_BOGUS", ["priority"] = 0 },
            ["process.ioPriority.class", "IOPRIO_CLASS_BOGUS"]),
        ["unknown scheduler policy"] = (c => c["process"]!["scheduler"] = new JsonObject { ["policy"] = "SCHED_BOGUS" },
            ["process.scheduler.policy", "SCHED_BOGUS"]),
        ["unknown personality domain"] = (c => c["linux"]!["personality"] = new JsonObject { ["domain"] = "BOGUS" },
            ["linux.personality", "BOGUS"]),
        ["relative hook path"] = (c => c["hooks"] = new JsonObject { ["prestart"] = new JsonArray(new JsonObject { ["path"] = "bin/hook" }) },
            ["hooks.prestart[0].path"]),
        ["non-positive hook timeout"] = (c => c["hooks"] = new JsonObject { ["createRuntime"] = new JsonArray(new JsonObject { ["path"] = "/bin/true", ["timeout"] = 0 }) },
            ["hooks.createRuntime[0].timeout"]),
        ["nonexistent sysctl"] = (c => c["linux"]!["sysctl"] = new JsonObject { ["kernel.no_such_knob"] = "1" }, ["kernel.no_such_knob"]),
        ["sysctl outside any namespace"] = (c => c["linux"]!["sysctl"] = new JsonObject { ["vm.swappiness"] = "10" }, ["vm.swappiness"]),
        ["uidMappings without a user namespace"] = (c => c["linux"]!["uidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = 100000, ["size"] = 10 }),
            ["linux.uidMappings"]),
        ["user namespace without mappings"] = (c => c["linux"]!["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "user" }),
            ["linux.uidMappings"]),
        ["hostname without a uts namespace"] = (c => { c["hostname"] = "h"; RemoveNamespace(c, "uts"); }, ["hostname"]),
        ["unknown mount option"] = (c => c["mounts"]!.AsArray().Add(new JsonObject { ["destination"] = "/m", ["type"] = "tmpfs", ["source"] = "tmpfs", ["options"] = BusyboxBundle.Array("bogus-opt") }),
            ["/m"]),
        ["relative mount destination"] = (c => c["mounts"]!.AsArray().Add(new JsonObject { ["destination"] = "rel", ["type"] = "tmpfs", ["source"] = "tmpfs" }),
            ["destination", "must be absolute"]),
        ["unknown device type"] = (c => c["linux"]!["devices"] = new JsonArray(new JsonObject { ["path"] = "/dev/x", ["type"] = "x", ["major"] = 1, ["minor"] = 3 }),
            ["linux.devices[0]"]),
        ["unknown rootfsPropagation"] = (c => c["linux"]!["rootfsPropagation"] = "sideways", ["rootfsPropagation", "sideways"]),
        ["unknown namespace path"] = (c => c["linux"]!["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "user", ["path"] = "/proc/999999999/ns/user" }),
            ["/proc/999999999/ns/user"]),
    };

    /// <summary>
    /// Cases runc 1.1.5 accepts (FIELDS.md): it warns and ignores unknown capabilities (newer runc too; ocirt
    /// refuses them, as issue 3 asks), ignores ioPriority/scheduler/personality (it predates them), only warns
    /// about a relative mount destination, and ignores mappings without a user namespace.
    /// </summary>
    private static readonly HashSet<string> Runc115Accepts =
    [
        "unknown capability", "unknown ambient capability", "unknown ioPriority class", "unknown scheduler policy",
        "unknown personality domain", "relative mount destination", "uidMappings without a user namespace",
    ];

    private static void RemoveNamespace(JsonNode c, string type)
    {
        var ns = c["linux"]!["namespaces"]!.AsArray();
        foreach (var n in ns.Where(n => n!["type"]!.GetValue<string>() == type).ToList()) ns.Remove(n);
    }

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invalid_value_fails_create_naming_the_field_and_leaves_nothing(string name)
    {
        var (edit, phrases) = Cases[name];
        if (Env.IsRunc && Runc115Accepts.Contains(name)) return; // documented difference, see above
        string id = NewId();
        Bundle.CgroupsPath("/" + id).Args("sleep", "1000").Edit(edit);
        var r = Rt.Run("create", id);
        Assert.True(r.ExitCode == 1, $"{name}: create must exit 1: {r}");
        Assert.False(string.IsNullOrWhiteSpace(r.Stderr), "create must say why");
        if (!Env.IsRunc)
            foreach (string p in phrases) Assert.True(r.Stderr.Contains(p), $"{name}: stderr must mention \"{p}\": {r}");
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)), $"state dir of {id} left behind");
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }
}
