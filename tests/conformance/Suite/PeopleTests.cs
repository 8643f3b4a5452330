using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>ocirt for people (issue "Direct use by people"): `run bundle/`, the --debug startup trace, help.</summary>
public sealed class PeopleTests : ContainerTest
{
    private const string Why = "ocirt's own additions for people";

    [OcirtOnlyFact(Why)]
    public void Run_of_a_bundle_path_derives_the_id_from_the_directory()
    {
        Bundle.Shell("echo hello-from-$(hostname)");
        string parent = Path.GetDirectoryName(Bundle.Dir)!, name = Path.GetFileName(Bundle.Dir);
        var r = Rt.RunIn(parent, "run", name + "/");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("hello-from-runc", r.Stdout);
        Assert.Empty(Rt.ListIds()); // a foreground run deletes the container afterwards
    }

    [OcirtOnlyFact(Why)]
    public void Run_detached_of_a_bundle_path_prints_the_id()
    {
        Bundle.Args("sleep", "1000");
        string parent = Path.GetDirectoryName(Bundle.Dir)!;
        var r = Rt.RunIn(parent, "run", "-d", "./" + Path.GetFileName(Bundle.Dir));
        Assert.True(r.ExitCode == 0, r.ToString());
        string id = r.Stderr.Trim().Split('\n').Last();
        Assert.StartsWith(Path.GetFileName(Bundle.Dir).Replace('.', '-') + "-", id);
        Assert.Equal("running", Rt.Status(id));
        Assert.Equal(Bundle.Dir, Rt.State(id)["bundle"]!.GetValue<string>());
    }

    [OcirtOnlyFact(Why)]
    public void A_valid_id_keeps_runcs_meaning_even_when_a_directory_has_that_name()
    {
        Bundle.Args("true");
        string cwd = Directory.CreateTempSubdirectory("ocirt-people").FullName;
        OnCleanup(() => Directory.Delete(cwd, true));
        string id = NewId();
        Directory.CreateDirectory(Path.Combine(cwd, id));
        File.WriteAllText(Path.Combine(cwd, id, "config.json"), "{}"); // would be invalid if taken as the bundle
        var r = Rt.RunIn(cwd, "run", "--bundle", Bundle.Dir, "--keep", id);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Bundle.Dir, Rt.State(id)["bundle"]!.GetValue<string>());
    }

    [OcirtOnlyFact(Why)]
    public void Debug_traces_each_startup_phase_in_microseconds_in_text_and_json()
    {
        Bundle.Args("true");
        var text = Rt.Run("--debug", "run", NewId());
        Assert.True(text.ExitCode == 0, text.ToString());
        foreach (string phase in new[] { "config", "cgroup", "spawn-namespaces", "init", "init/mounts", "init/pivot", "init/process", "start-release" })
            Assert.Matches($"level=debug msg=\"startup phase {phase}: \\d+µs\"", text.Stderr);

        var json = Rt.Run("--debug", "--log-format", "json", "run", NewId());
        var lines = json.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Contains(lines, l => l["level"]!.GetValue<string>() == "debug" && l["msg"]!.GetValue<string>().StartsWith("startup phase init/mounts: "));
    }

    /// <summary>
    /// Which init builds the container: the fork-safe one for the default bundle, the re-executed `ocirt init`
    /// for what its plan does not cover (here: a createContainer hook), or for everything with OCIRT_INIT=reexec
    /// (the suite's second pass).
    /// </summary>
    [OcirtOnlyFact(Why)]
    public void Debug_says_which_init_built_the_container()
    {
        bool forced = Environment.GetEnvironmentVariable("OCIRT_INIT") == "reexec";
        Bundle.Args("true");
        var plain = Rt.Run("--debug", "run", NewId());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains(forced ? "init: re-exec (OCIRT_INIT=reexec)" : "init: fork-safe (no re-exec)", plain.Stderr);

        Bundle.Edit(c => c["hooks"] = System.Text.Json.Nodes.JsonNode.Parse("""{"createContainer":[{"path":"/bin/true"}]}"""));
        var hooked = Rt.Run("--debug", "run", NewId());
        Assert.True(hooked.ExitCode == 0, hooked.ToString());
        Assert.Contains(forced ? "init: re-exec (OCIRT_INIT=reexec)" : "init: re-exec (hooks run by the init)", hooked.Stderr);
    }

    [OcirtOnlyFact(Why)]
    public void Without_debug_there_is_no_trace()
    {
        Bundle.Args("true");
        var r = Rt.Run("run", NewId());
        Assert.DoesNotContain("startup phase", r.Stderr);
    }

    [OcirtOnlyFact(Why)]
    public void Help_in_runcs_layout_and_typo_suggestions()
    {
        Assert.Contains("COMMANDS:", Rt.Run("--help").Stdout);
        Assert.Contains("USAGE:", Rt.Run("help", "run").Stdout);
        Assert.Contains("--detach", Rt.Run("run", "--help").Stdout);
        var typo = Rt.Run("strat", "x");
        Assert.Equal(3, typo.ExitCode);
        Assert.Contains("did you mean \\\"start\\\"", typo.Stderr);
        var flag = Rt.Run("run", "--detatch", "x");
        Assert.Equal(1, flag.ExitCode);
        Assert.Contains("did you mean --detach?", flag.Stderr);
    }
}
