using System.Globalization;
using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// `ocirt check`, the host doctor, against the real values of the machine the suite runs on (the suite's private
/// mount namespace has a pure cgroup v2 view at /sys/fs/cgroup).
/// </summary>
public sealed class CheckTests : ContainerTest
{
    private const string Why = "`check` is ocirt's own command";

    /// <summary>Text lines "status name detail" → (status, rest of the line).</summary>
    private static (string Status, string Detail) Line(string stdout, string name)
    {
        foreach (string line in stdout.Split('\n'))
        {
            if (line.Length < 6) continue;
            string rest = line[6..];
            if (rest.StartsWith(name + " ", StringComparison.Ordinal)) return (line[..6].Trim(), rest[(name.Length + 1)..]);
        }
        Assert.Fail($"no `{name}` line in:\n{stdout}");
        return default;
    }

    private static JsonObject Item(JsonNode doc, string name) =>
        doc["items"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(i => i["name"]!.GetValue<string>() == name)
        ?? throw new Xunit.Sdk.XunitException($"no item `{name}` in {doc.ToJsonString()}");

    [OcirtOnlyFact(Why)]
    public void Exits_0_here_and_reports_the_pure_v2_view()
    {
        var r = Rt.Must("check");
        var (status, detail) = Line(r.Stdout, "cgroup mode");
        Assert.Equal("ok", status);
        Assert.StartsWith("v2 (cgroup2 at /sys/fs/cgroup)", detail);
        Assert.DoesNotContain("fail  ", r.Stdout);
        Assert.Contains("`ocirt run` can work here", r.Stdout);
        Assert.False(Directory.Exists(StateRoot), "probing a missing --root must not create it");
        Assert.Empty(Directory.EnumerateFileSystemEntries("/run", ".ocirt-check-*"));
    }

    [OcirtOnlyFact(Why)]
    public void Kernel_line_shows_uname_r()
    {
        string release = Exec.Run("/bin/uname", ["-r"]).Stdout.Trim();
        var (status, detail) = Line(Rt.Must("check").Stdout, "kernel");
        Assert.Equal(release, detail.Split(' ')[0]);
        Assert.Equal("ok", status); // the suite needs a kernel >= 5.8 anyway
    }

    [OcirtOnlyFact(Why)]
    public void Controllers_line_lists_the_v2_roots_cgroup_controllers()
    {
        string[] have = File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var (status, detail) = Line(Rt.Must("check").Stdout, "cgroup controllers");
        foreach (string c in have) Assert.Contains(c, detail);
        bool complete = new[] { "memory", "pids", "cpu", "io", "cpuset" }.All(have.Contains);
        Assert.Equal(complete ? "ok" : "warn", status);
    }

    [OcirtOnlyFact(Why)]
    public void CAP_SYS_RESOURCE_warns_exactly_when_the_bounding_set_lacks_it()
    {
        string capBnd = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:")).Split(':')[1].Trim();
        bool present = (ulong.Parse(capBnd, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 24)) != 0;
        var (status, detail) = Line(Rt.Must("check").Stdout, "capability CAP_SYS_RESOURCE");
        Assert.Equal(present ? "ok" : "warn", status);
        if (!present) Assert.Contains("rlimits", detail);
    }

    [OcirtOnlyFact(Why)]
    public void Required_namespaces_are_ok()
    {
        string stdout = Rt.Must("check").Stdout;
        foreach (string ns in new[] { "pid", "mount", "uts", "ipc", "network", "user", "cgroup", "time" })
            Assert.Equal("ok", Line(stdout, "namespace " + ns).Status);
    }

    [OcirtOnlyFact(Why)]
    public void Json_format_parses_and_agrees_with_the_exit_status()
    {
        var r = Rt.Must("check", "--format", "json");
        var doc = JsonNode.Parse(r.Stdout)!;
        Assert.True(doc["ok"]!.GetValue<bool>());
        var items = doc["items"]!.AsArray();
        Assert.NotEmpty(items);
        foreach (var i in items)
        {
            Assert.Contains(i!["status"]!.GetValue<string>(), new[] { "ok", "info", "warn", "fail" });
            Assert.False(string.IsNullOrEmpty(i["name"]!.GetValue<string>()));
            Assert.NotNull(i["detail"]!.GetValue<string>());
        }
        Assert.Equal("ok", Item(doc, "cgroup mode")["status"]!.GetValue<string>());
        Assert.StartsWith(Exec.Run("/bin/uname", ["-r"]).Stdout.Trim() + " ", Item(doc, "kernel")["detail"]!.GetValue<string>());
    }

    [OcirtOnlyFact(Why)]
    public void Unwritable_root_fails_with_exit_1_and_leaves_nothing_behind()
    {
        var r = Rt.Run("--root", "/proc/ocirt-check-nosuch", "check"); // the later --root wins
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("fail", Line(r.Stdout, "root dir").Status);
        Assert.Contains("`ocirt run` cannot work here", r.Stdout);
    }

    [OcirtOnlyFact(Why)]
    public void Unknown_format_is_an_error()
    {
        var r = Rt.Run("check", "--format", "yaml");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("invalid format", r.Stderr);
    }
}
