using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>Global flags, logging, usage errors, features, detached stdio (runc-contract.md §1, §2.4, §2.5, §3.4).</summary>
public sealed class CliTests : ContainerTest
{
    [Fact]
    public void Json_log_gets_the_error_line_and_stderr_still_gets_the_text()
    {
        Directory.CreateDirectory(StateRoot);
        string log = Path.Combine(Bundle.Dir, "log.json");
        var r = Rt.Run("--log", log, "--log-format", "json", "state", "nosuch");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("container does not exist", r.Stderr); // echoed because --log is not stderr
        var lines = File.ReadAllLines(log).Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(lines);
        foreach (string l in lines) Assert.NotNull(JsonNode.Parse(l)); // the shim decodes every line
        var last = JsonNode.Parse(lines.Last())!.AsObject();
        Assert.Equal("error", last["level"]!.GetValue<string>());
        Assert.Equal("container does not exist", last["msg"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(last["time"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void Json_log_format_without_log_file_writes_json_to_stderr()
    {
        Directory.CreateDirectory(StateRoot);
        var r = Rt.Run("--log-format", "json", "state", "nosuch");
        Assert.Equal(1, r.ExitCode);
        var obj = JsonNode.Parse(r.Stderr.Trim().Split('\n').Last())!;
        Assert.Equal("error", obj["level"]!.GetValue<string>());
        Assert.Equal("container does not exist", obj["msg"]!.GetValue<string>());
    }

    [Fact]
    public void Wrong_argument_count_prints_usage_and_exits_1()
    {
        var r = Rt.Run("start");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Incorrect Usage.", r.Stdout);
        // `<argv0>: "start" requires exactly 1 argument(s)`; the default text log format escapes the quotes
        Assert.Matches(@"\\?""start\\?"" requires exactly 1 argument\(s\)", r.Stderr);
    }

    [Fact]
    public void Unknown_signal_is_an_error()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Run("kill", id, "NOSUCHSIG");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("NOSUCHSIG", r.Stderr);
        Assert.Equal("running", Rt.Status(id));
    }

    [Fact]
    public void Features_prints_json_with_oci_versions()
    {
        var r = Exec.Run(Env.Binary, ["features"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var f = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("1.0.0", f["ociVersionMin"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+", f["ociVersionMax"]!.GetValue<string>());
        Assert.Contains("poststop", f["hooks"]!.AsArray().Select(h => h!.GetValue<string>()));
    }

    [ContractFact("runc 1.1.5 accepts --root / (reviseRootDir's check came later)")]
    public void Root_slash_is_rejected()
    {
        var r = Exec.Run(Env.Binary, ["--root", "/", "list"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Option --root argument should not be set to /", r.Stderr);
    }

    [Fact]
    public void Detached_container_inherits_the_runtime_stdout()
    {
        // `run -d` without a terminal: the container's fds 0/1/2 are the runtime's own (pass-through).
        Bundle.Shell("echo from-detached; echo err-detached >&2; sleep 1000");
        string id = NewId();
        string outFile = Path.Combine(Bundle.Dir, "detached.out"), errFile = Path.Combine(Bundle.Dir, "detached.err");
        var r = Exec.Run("/bin/sh", ["-c", $"exec \"$0\" --root \"$1\" run -d \"$2\" >{outFile} 2>{errFile}", Env.Binary, StateRoot, id], cwd: Bundle.Dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(Poll.Until(() => File.ReadAllText(outFile).Contains("from-detached\n"), 10_000), "stdout: " + File.ReadAllText(outFile));
        Assert.True(Poll.Until(() => File.ReadAllText(errFile).Contains("err-detached\n"), 10_000), "stderr: " + File.ReadAllText(errFile));
    }

    [Fact]
    public void Flags_accept_the_equals_form()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        string pidFile = Path.Combine(Bundle.Dir, "eq.pid");
        var r = Exec.Run(Env.Binary, [$"--root={StateRoot}", "create", $"--bundle={Bundle.Dir}", $"--pid-file={pidFile}", id], cwd: "/");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Rt.Pid(id).ToString(), File.ReadAllText(pidFile));
        Assert.Equal(Bundle.Dir, Rt.State(id)["bundle"]!.GetValue<string>());
    }
}
