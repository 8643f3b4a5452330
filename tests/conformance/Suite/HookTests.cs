using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>OCI hooks run in the runtime namespace with the state on stdin (runc-contract.md §5).</summary>
public sealed class HookTests : ContainerTest
{
    private string Out(string name) => Path.Combine(Bundle.Dir, name);

    /// <summary>A hook that saves its stdin (the state JSON) to a file in the bundle.</summary>
    private static JsonObject Saver(string file) => new()
    {
        ["path"] = "/bin/sh",
        ["args"] = BusyboxBundle.Array("sh", "-c", $"cat > {file}"),
    };

    private BusyboxBundle Hook(string kind, JsonObject hook) => Bundle.Edit(c =>
    {
        c["hooks"] ??= new JsonObject();
        var list = c["hooks"]![kind]?.AsArray() ?? [];
        list.Add(hook);
        c["hooks"]![kind] = list.DeepClone();
    });

    private JsonObject Saved(string name)
    {
        Assert.True(Poll.Until(() => File.Exists(Out(name)) && new FileInfo(Out(name)).Length > 0, 5000), name + " was not written by its hook");
        return JsonNode.Parse(File.ReadAllText(Out(name)))!.AsObject();
    }

    [Fact]
    public void Create_runtime_hook_gets_the_state_with_the_init_pid()
    {
        Hook("createRuntime", Saver(Out("cr.json")));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        var s = Saved("cr.json");
        Assert.Equal(id, s["id"]!.GetValue<string>());
        Assert.Equal(Bundle.Dir, s["bundle"]!.GetValue<string>());
        Assert.Equal("creating", s["status"]!.GetValue<string>());
        Assert.Equal(Rt.Pid(id), s["pid"]!.GetValue<int>());
    }

    [Fact]
    public void Poststart_hook_runs_at_start_and_poststop_at_delete()
    {
        Hook("poststart", Saver(Out("ps.json")));
        Hook("poststop", Saver(Out("pst.json")));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Rt.Must("start", id);
        var s = Saved("ps.json");
        Assert.Equal(id, s["id"]!.GetValue<string>());
        Assert.Equal(Rt.Pid(id), s["pid"]!.GetValue<int>());
        Assert.False(File.Exists(Out("pst.json")), "poststop must not run before delete");
        Rt.Must("delete", "-f", id);
        var stop = Saved("pst.json");
        Assert.Equal(id, stop["id"]!.GetValue<string>());
        Assert.Equal("stopped", stop["status"]!.GetValue<string>());
    }

    // runc main runs poststart in `start` (after the fifo byte is read), not at create.
    [ContractFact("runc 1.1.5 runs poststart hooks already during `create`")]
    public void Poststart_hook_does_not_run_at_create()
    {
        Hook("poststart", Saver(Out("ps.json")));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("create", id);
        Assert.False(File.Exists(Out("ps.json")), "poststart must not run at create");
        Rt.Must("start", id);
        Saved("ps.json");
    }

    // runc main runs poststart after the user process started and passes status "running".
    [ContractFact("runc 1.1.5 passes status \"created\" to poststart")]
    public void Poststart_hook_sees_running()
    {
        Hook("poststart", Saver(Out("ps.json")));
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Assert.Equal("running", Saved("ps.json")["status"]!.GetValue<string>());
    }

    [Fact]
    public void Failing_create_runtime_hook_fails_create_cleanly_with_its_output()
    {
        Hook("createRuntime", new JsonObject
        {
            ["path"] = "/bin/sh",
            ["args"] = BusyboxBundle.Array("sh", "-c", "echo hook-out; echo hook-err >&2; exit 3"),
        });
        string id = NewId();
        Bundle.CgroupsPath("/" + id);
        var r = Rt.Run("create", id);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("hook #0", r.Stderr);
        Assert.Contains("hook-out", r.Stderr);
        Assert.Contains("hook-err", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Assert.Empty(Leaks.CgroupDirs([id]));
        Assert.Empty(Leaks.ProcessesOf([id]));
    }

    [ContractFact("runc 1.1.5 says `error running hook #0:` without the hook name")]
    public void Failing_hook_error_names_the_hook()
    {
        Hook("createRuntime", new JsonObject { ["path"] = "/bin/false", ["args"] = BusyboxBundle.Array("false") });
        var r = Rt.Run("create", NewId());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error running createRuntime hook #0:", r.Stderr);
    }

    [Fact]
    public void Hook_args_and_env_are_passed_verbatim()
    {
        Hook("createRuntime", new JsonObject
        {
            ["path"] = "/bin/sh",
            ["args"] = BusyboxBundle.Array("custom-argv0", "-c", $"echo \"$0|$HOOKVAR\" > {Out("args.txt")}"),
            ["env"] = BusyboxBundle.Array("HOOKVAR=hook-value"),
        });
        string id = NewId();
        Rt.Must("create", id);
        Assert.Equal("custom-argv0|hook-value\n", File.ReadAllText(Out("args.txt")));
    }
}
