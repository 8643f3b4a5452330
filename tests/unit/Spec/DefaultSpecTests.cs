using System.Text.Json.Nodes;
using Ocirt.Spec;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

/// <summary>`ocirt spec` output against golden copies of runc's (specconv.Example / ToRootless, runtime-spec 1.2.0).</summary>
public class DefaultSpecTests
{
    // The test project only copies spec-fixtures/, so find the golden files next to this source file.
    private static string Golden(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Spec", "golden", name);
            if (File.Exists(candidate)) return File.ReadAllText(candidate);
        }
        throw new FileNotFoundException($"golden file {name} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Default_matches_the_golden_file_byte_for_byte() =>
        Assert.Equal(Golden("runc-spec.json"), SpecWriter.ToJson(DefaultSpec.Create(rootless: false)));

    [Fact]
    public void Rootless_matches_the_golden_file_byte_for_byte() =>
        Assert.Equal(Golden("runc-spec-rootless.json"), SpecWriter.ToJson(DefaultSpec.Create(rootless: true, euid: 1000, egid: 1001)));

    [Fact]
    public void Output_is_tab_indented_without_a_trailing_newline()
    {
        string json = SpecWriter.ToJson(DefaultSpec.Create(false));
        Assert.StartsWith("{\n\t\"ociVersion\": \"1.2.0\",\n\t\"process\": {\n\t\t\"terminal\": true,", json);
        Assert.EndsWith("\n}", json);
    }

    [Fact]
    public void Without_cgroup_namespace_only_the_five_classic_namespaces_remain()
    {
        var spec = DefaultSpec.Create(false, cgroupNamespace: false);
        Assert.Equal(["pid", "network", "ipc", "uts", "mount"], spec.Linux!.Namespaces!.Select(n => n.Type));
    }

    [Fact]
    public void Rootless_drops_network_and_resources_and_maps_the_caller()
    {
        var spec = DefaultSpec.Create(true, 1234, 5678);
        Assert.Equal(["pid", "ipc", "uts", "mount", "cgroup", "user"], spec.Linux!.Namespaces!.Select(n => n.Type));
        Assert.Null(spec.Linux.Resources);
        Assert.Equal(1234u, spec.Linux.UidMappings![0].HostId);
        Assert.Equal(5678u, spec.Linux.GidMappings![0].HostId);
        Assert.DoesNotContain(spec.Mounts!, m => m.Options?.Any(o => o.StartsWith("gid=")) ?? false);
        var sys = spec.Mounts!.Single(m => m.Destination == "/sys");
        Assert.Equal(["rbind", "nosuid", "noexec", "nodev", "ro"], sys.Options!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Defaults_pass_validation(bool rootless) => Assert.Empty(SpecValidator.Validate(DefaultSpec.Create(rootless, 1000, 1000)));

    // runc 1.1.5 (this host's /usr/sbin/runc) still writes ambient caps, no tpm mask and 1.0.2-dev; when
    // present, everything else must agree. Skipped silently where runc is absent.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Agrees_with_installed_runc_apart_from_known_version_differences(bool rootless)
    {
        const string runc = "/usr/sbin/runc";
        if (!File.Exists(runc)) return;
        string dir = Directory.CreateTempSubdirectory("ocirt-spec-").FullName;
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(runc, rootless ? ["spec", "--rootless", "--bundle", dir] : ["spec", "--bundle", dir]) { RedirectStandardError = true };
            using (var proc = System.Diagnostics.Process.Start(psi)!) { proc.WaitForExit(10_000); if (proc.ExitCode != 0) return; }
            var theirs = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!.AsObject();
            var ours = JsonNode.Parse(SpecWriter.ToJson(DefaultSpec.Create(rootless, Euid(), Egid(), cgroupNamespace: false)))!.AsObject();
            foreach (var o in new[] { theirs, ours })
            {
                o.Remove("ociVersion");
                o["process"]!["capabilities"]!.AsObject().Remove("ambient");
                var masked = o["linux"]!["maskedPaths"]!.AsArray();
                foreach (var n in masked.Where(n => (string?)n == "/sys/devices/virtual/tpm").ToList()) masked.Remove(n);
                var ns = o["linux"]!["namespaces"]!.AsArray();
                foreach (var n in ns.Where(n => (string?)n!["type"] == "cgroup").ToList()) ns.Remove(n);
            }
            Assert.True(JsonNode.DeepEquals(theirs, ours), $"runc:\n{theirs}\nocirt:\n{ours}");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // runc maps the caller's effective ids; read them from /proc so the test needs no interop.
    private static uint Euid() => IdField("Uid:");
    private static uint Egid() => IdField("Gid:");
    private static uint IdField(string key) =>
        uint.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[2]);
}
