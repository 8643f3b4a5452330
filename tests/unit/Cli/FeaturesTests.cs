using System.Text.Json;
using Ocirt.Cli.Commands;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>`ocirt features`: runc's layout (4-space indent, newline, field order) and honest content.</summary>
public class FeaturesTests
{
    private static readonly string Json = InfoCommands.FeaturesJson();

    [Fact]
    public void Layout_is_four_space_indented_with_a_final_newline()
    {
        Assert.StartsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.2.0\",\n    \"hooks\": [\n        \"prestart\",", Json);
        Assert.EndsWith("\n}\n", Json);
    }

    [Fact]
    public void Top_level_and_linux_keys_in_runcs_order()
    {
        using var doc = JsonDocument.Parse(Json);
        Assert.Equal(["ociVersionMin", "ociVersionMax", "hooks", "mountOptions", "linux", "annotations"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["namespaces", "capabilities", "cgroup", "seccomp", "apparmor", "selinux", "mountExtensions"],
            doc.RootElement.GetProperty("linux").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Content_says_what_ocirt_does()
    {
        using var doc = JsonDocument.Parse(Json);
        var linux = doc.RootElement.GetProperty("linux");
        Assert.Equal(6, doc.RootElement.GetProperty("hooks").GetArrayLength());
        var mountOptions = doc.RootElement.GetProperty("mountOptions").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("rbind", mountOptions);
        Assert.Contains("rro", mountOptions);   // dockerd uses rro only when it is listed
        Assert.Contains("ridmap", mountOptions);
        Assert.True(linux.GetProperty("mountExtensions").GetProperty("idmap").GetProperty("enabled").GetBoolean());
        Assert.Contains("user", linux.GetProperty("namespaces").EnumerateArray().Select(e => e.GetString()));
        var caps = linux.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(41, caps.Count);
        Assert.Equal("CAP_CHOWN", caps[0]);
        Assert.Equal("CAP_CHECKPOINT_RESTORE", caps[40]);
        Assert.False(linux.GetProperty("cgroup").GetProperty("v1").GetBoolean());
        Assert.True(linux.GetProperty("cgroup").GetProperty("v2").GetBoolean());
        Assert.True(linux.GetProperty("cgroup").GetProperty("systemd").GetBoolean()); // the driver exists
        Assert.False(linux.GetProperty("cgroup").GetProperty("systemdUser").GetBoolean()); // no user bus yet
        var seccomp = linux.GetProperty("seccomp");
        Assert.True(seccomp.GetProperty("enabled").GetBoolean()); // libseccomp2 is installed by `make deps`
        Assert.Equal(["enabled", "actions", "operators", "archs", "knownFlags", "supportedFlags"], seccomp.EnumerateObject().Select(p => p.Name));
        Assert.Contains("SCMP_ACT_NOTIFY", seccomp.GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("SCMP_CMP_MASKED_EQ", seccomp.GetProperty("operators").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("SECCOMP_FILTER_FLAG_TSYNC", seccomp.GetProperty("supportedFlags").EnumerateArray().Select(e => e.GetString()));
        Assert.False(linux.GetProperty("apparmor").GetProperty("enabled").GetBoolean());
        Assert.False(linux.GetProperty("selinux").GetProperty("enabled").GetBoolean());
        Assert.Equal(["io.github.seccomp.libseccomp.version", "org.opencontainers.ocirt.commit", "org.opencontainers.ocirt.version"],
            doc.RootElement.GetProperty("annotations").EnumerateObject().Select(p => p.Name));
    }
}
