using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

public class SystemdCgroupPathTests
{
    [Fact]
    public void Slice_prefix_name_is_parsed_into_a_scope_unit()
    {
        var p = SystemdCgroupPath.Parse("system.slice:docker:abc", "id");
        Assert.Equal(("system.slice", "docker", "abc"), (p.Slice, p.Prefix, p.Name));
        Assert.Equal("docker-abc.scope", p.Unit);
    }

    [Fact]
    public void Defaults_and_explicit_units()
    {
        Assert.Equal("system.slice", SystemdCgroupPath.Parse(":ocirt:x", "id").Slice);
        Assert.Equal("ocirt-myid.scope", SystemdCgroupPath.Parse(null, "myid").Unit);
        Assert.Equal("x.slice", SystemdCgroupPath.Parse("a.slice:p:x.slice", "id").Unit);
    }

    [Fact]
    public void A_plain_path_is_refused_with_the_field_named()
    {
        var e = Assert.Throws<OcirtException>(() => SystemdCgroupPath.Parse("/docker/abc", "id"));
        Assert.Contains("linux.cgroupsPath", e.Message);
    }

    [Fact]
    public void The_driver_request_is_refused_with_a_reason()
    {
        var e = Assert.Throws<OcirtException>(() => SystemdCgroupPath.Refuse("system.slice:docker:abc", "id"));
        Assert.Contains("--systemd-cgroup", e.Message);
        Assert.Contains("docker-abc.scope", e.Message);
    }
}
