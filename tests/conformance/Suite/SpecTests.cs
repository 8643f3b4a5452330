using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>`spec` writes runc's example config (runc-contract.md §1.2, §6: bundles of the runc test suite are made with it).</summary>
public sealed class SpecTests : ContainerTest
{
    private string NewDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), Env.BundlePrefix + "spec-" + Env.NewSuffix());
        Directory.CreateDirectory(dir);
        OnCleanup(() => Directory.Delete(dir, true));
        return dir;
    }

    private static string[] Types(JsonNode c) => c["linux"]!["namespaces"]!.AsArray().Select(n => n!["type"]!.GetValue<string>()).ToArray();

    [Fact]
    public void Spec_writes_config_json_in_the_cwd_with_runc_defaults()
    {
        string dir = NewDir();
        var r = Exec.Run(Env.Binary, ["spec"], cwd: dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        string text = File.ReadAllText(Path.Combine(dir, "config.json"));
        Assert.StartsWith("{\n\t\"ociVersion\": ", text); // json.MarshalIndent(spec, "", "\t")
        var c = JsonNode.Parse(text)!;
        Assert.Matches(@"^\d+\.\d+\.\d+", c["ociVersion"]!.GetValue<string>());
        Assert.Equal("rootfs", c["root"]!["path"]!.GetValue<string>());
        Assert.True(c["root"]!["readonly"]!.GetValue<bool>());
        Assert.True(c["process"]!["terminal"]!.GetValue<bool>());
        Assert.Equal(["sh"], c["process"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("/", c["process"]!["cwd"]!.GetValue<string>());
        Assert.True(c["process"]!["noNewPrivileges"]!.GetValue<bool>());
        Assert.Equal(0, c["process"]!["user"]!["uid"]!.GetValue<int>());
        var env = c["process"]!["env"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
        Assert.Contains(env, e => e.StartsWith("PATH="));
        Assert.Contains("TERM=xterm", env);
        Assert.Equal("runc", c["hostname"]!.GetValue<string>());
        var mounts = c["mounts"]!.AsArray().Select(m => m!["destination"]!.GetValue<string>()).ToArray();
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"], mounts);
        var ns = Types(c);
        foreach (string t in new[] { "pid", "network", "ipc", "uts", "mount" }) Assert.Contains(t, ns);
        Assert.Contains("cgroup", ns); // the suite runs with cgroup v2 at /sys/fs/cgroup
        Assert.DoesNotContain("user", ns);
        var caps = c["process"]!["capabilities"]!["bounding"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray();
        Assert.Equal(["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"], caps);
        Assert.NotEmpty(c["linux"]!["maskedPaths"]!.AsArray());
        Assert.NotEmpty(c["linux"]!["readonlyPaths"]!.AsArray());
    }

    [Fact]
    public void Spec_bundle_flag_writes_into_that_dir()
    {
        string dir = NewDir(), cwd = NewDir();
        foreach (string flag in new[] { "--bundle", "-b" })
        {
            string target = Path.Combine(dir, flag.TrimStart('-'));
            Directory.CreateDirectory(target);
            var r = Exec.Run(Env.Binary, ["spec", flag, target], cwd: cwd);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.NotNull(JsonNode.Parse(File.ReadAllText(Path.Combine(target, "config.json"))));
        }
        Assert.False(File.Exists(Path.Combine(cwd, "config.json")));
    }

    [Fact]
    public void Spec_refuses_to_overwrite_an_existing_config()
    {
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "config.json"), "keep me");
        var r = Exec.Run(Env.Binary, ["spec"], cwd: dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("File config.json exists. Remove it first", r.Stderr);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(dir, "config.json")));
    }

    [Fact]
    public void Spec_rootless_has_a_user_namespace_mapping_the_caller()
    {
        string dir = NewDir();
        var r = Exec.Run(Env.Binary, ["spec", "--rootless"], cwd: dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var c = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        var ns = Types(c);
        Assert.Contains("user", ns);
        Assert.DoesNotContain("network", ns);
        foreach (string key in new[] { "uidMappings", "gidMappings" })
        {
            var m = c["linux"]![key]!.AsArray().Single()!;
            Assert.Equal(0, m["containerID"]!.GetValue<int>());
            Assert.Equal(0, m["hostID"]!.GetValue<int>()); // the suite runs as root: euid/egid 0
            Assert.Equal(1, m["size"]!.GetValue<int>());
        }
        Assert.Null(c["linux"]!["resources"]);
    }

    [Fact]
    public void Default_spec_runs_under_the_real_runc()
    {
        Skip.If(!File.Exists(Env.RealRunc), Env.RealRunc + " not installed");
        // Bundle was made by `$OCIRT_BIN spec`; only terminal=false and args differ from the default.
        Bundle.Shell("echo hello from $(hostname)");
        var runc = new Runtime(Env.StatePrefix + "runc-" + Env.NewSuffix(), Bundle.Dir, Env.RealRunc);
        OnCleanup(() => { ForceDeleteAll(runc); if (Directory.Exists(runc.Root)) Directory.Delete(runc.Root, true); });
        string id = NewId();
        var r = runc.Run("run", id);
        Assert.True(r.ExitCode == 0, "runc run of the spec-made bundle: " + r);
        Assert.Equal("hello from runc\n", r.Stdout);
    }

    [Fact]
    public void Version_prints_version_commit_and_spec_lines()
    {
        var r = Exec.Run(Env.Binary, ["--version"]);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Matches(@"^(ocirt|runc) version \S+", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("commit: "));
        Assert.Contains(lines, l => l.StartsWith("spec: "));
    }

    [OcirtOnlyFact("runc prints `runc version`")]
    public void Version_first_line_names_ocirt()
    {
        var r = Exec.Run(Env.Binary, ["-v"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("ocirt version ", r.Stdout);
    }
}
