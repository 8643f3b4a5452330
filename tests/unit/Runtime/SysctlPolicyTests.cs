using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>linux.sysctl only within the container's own namespaces (runc's rules).</summary>
public class SysctlPolicyTests
{
    private static Ocirt.Spec.Model.Spec With(string key, params string[] namespaces) => new()
    {
        Linux = new Linux
        {
            Sysctl = new Dictionary<string, string> { [key] = "1" },
            Namespaces = [.. namespaces.Select(n => new LinuxNamespace { Type = n })],
        },
    };

    [Theory]
    [InlineData("net.ipv4.ip_forward", "network")]
    [InlineData("kernel.shmmax", "ipc")]
    [InlineData("fs.mqueue.msg_max", "ipc")]
    [InlineData("kernel.hostname", "uts")]
    public void Allowed_with_the_namespace(string key, string ns) => SysctlPolicy.Check(With(key, ns));

    [Theory]
    [InlineData("net.ipv4.ip_forward", "network")]
    [InlineData("kernel.msgmax", "ipc")]
    [InlineData("kernel.domainname", "uts")]
    public void Refused_without_it_naming_the_key(string key, string ns)
    {
        var e = Assert.Throws<OcirtException>(() => SysctlPolicy.Check(With(key, "mount", "pid")));
        Assert.Contains($"linux.sysctl[\"{key}\"]", e.Message);
        Assert.Contains($"without a {ns} namespace", e.Message);
    }

    [Fact]
    public void A_host_wide_sysctl_is_always_refused()
    {
        var e = Assert.Throws<OcirtException>(() => SysctlPolicy.Check(With("vm.swappiness", "network", "ipc", "uts")));
        Assert.Contains("is not in a separate kernel namespace", e.Message);
    }
}
