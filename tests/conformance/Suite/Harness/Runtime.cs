using System.Text.Json.Nodes;
using Xunit;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// Runs `$OCIRT_BIN --root ROOT ARGS` (cwd = the bundle unless given) with a time limit,
/// plus typed helpers for state/list. One Runtime per test: its own --root.
/// </summary>
public sealed class Runtime
{
    public string Binary { get; }
    public string Root { get; }
    public string DefaultCwd { get; set; }

    public Runtime(string root, string defaultCwd, string? binary = null)
    {
        Root = root;
        DefaultCwd = defaultCwd;
        Binary = binary ?? Env.Binary;
    }

    /// <summary>Runs with the global --root flag first, like go-runc does.</summary>
    public ExecResult Run(params string[] args) => RunIn(DefaultCwd, args);

    public ExecResult RunIn(string cwd, params string[] args) => Exec.Run(Binary, ["--root", Root, .. args], cwd);

    public ExecResult RunWithTimeout(int timeoutMs, params string[] args) => Exec.Run(Binary, ["--root", Root, .. args], DefaultCwd, timeoutMs);

    /// <summary>Runs and asserts exit 0.</summary>
    public ExecResult Must(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"`{Path.GetFileName(Binary)} {string.Join(" ", args)}` failed: {r}");
        return r;
    }

    /// <summary>Runs and asserts exit code and a phrase on stderr.</summary>
    public ExecResult MustFail(string phrase, params string[] args) => MustFailWith(1, phrase, args);

    public ExecResult MustFailWith(int exitCode, string phrase, params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == exitCode, $"`{string.Join(" ", args)}`: expected exit {exitCode} with \"{phrase}\": {r}");
        Assert.True(r.Stderr.Contains(phrase), $"`{string.Join(" ", args)}`: expected \"{phrase}\" on stderr: {r}");
        return r;
    }

    public JsonObject State(string id) => JsonNode.Parse(Must("state", id).Stdout)!.AsObject();

    public string Status(string id) => State(id)["status"]!.GetValue<string>();

    public int Pid(string id) => State(id)["pid"]!.GetValue<int>();

    public bool Exists(string id) => Run("state", id).ExitCode == 0;

    public string[] ListIds() =>
        Must("list", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Polls `state` until the status is reached.</summary>
    public void WaitForStatus(string id, string status, int timeoutMs = 10_000)
    {
        string last = "";
        bool ok = Poll.Until(() =>
        {
            var r = Run("state", id);
            if (r.ExitCode != 0) { last = r.ToString(); return false; }
            last = JsonNode.Parse(r.Stdout)!["status"]!.GetValue<string>();
            return last == status;
        }, timeoutMs);
        Assert.True(ok, $"{id}: expected status {status} within {timeoutMs} ms; last: {last}");
    }
}
