using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>linux.sysctl: applied inside the container's namespaces, refused where it would reach the host.</summary>
public sealed class SysctlTests : ContainerTest
{
    private void Sysctl(string key, string value) =>
        Bundle.Edit(c => c["linux"]!["sysctl"] = new JsonObject { [key] = value });

    [Fact]
    public void A_net_sysctl_is_set_in_the_containers_network_namespace()
    {
        string hostValue = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        string wanted = hostValue == "1" ? "0" : "1";
        Sysctl("net.ipv4.ip_forward", wanted);
        Assert.Equal(wanted, Observe("cat /proc/sys/net/ipv4/ip_forward").Trim());
        Assert.Equal(hostValue, File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim());
    }

    [Fact]
    public void A_net_sysctl_without_a_network_namespace_is_refused_and_the_host_is_untouched()
    {
        string hostValue = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        Sysctl("net.ipv4.ip_forward", hostValue == "1" ? "0" : "1");
        Bundle.Edit(c =>
        {
            var ns = c["linux"]!["namespaces"]!.AsArray();
            foreach (var n in ns.Where(n => n!["type"]!.GetValue<string>() == "network").ToList()) ns.Remove(n);
        });
        Bundle.Shell("true");
        var r = Rt.Run("run", NewId());
        Assert.Equal(1, r.ExitCode);
        if (!Env.IsRunc) Assert.Contains("linux.sysctl[\\\"net.ipv4.ip_forward\\\"]", r.Stderr);
        Assert.Equal(hostValue, File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim());
    }
}
