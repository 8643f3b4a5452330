using Ocirt.Runtime.Cgroups.Systemd;
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
        Assert.False(p.IsSlice);
        Assert.Equal("/system.slice/docker-abc.scope", p.CgroupPath);
    }

    [Fact]
    public void Defaults_and_explicit_units()
    {
        Assert.Equal("system.slice", SystemdCgroupPath.Parse(":ocirt:x", "id").Slice);
        Assert.Equal("ocirt-myid.scope", SystemdCgroupPath.Parse(null, "myid").Unit);
        Assert.Equal("/system.slice/ocirt-myid.scope", SystemdCgroupPath.Parse("", "myid").CgroupPath);
        var slice = SystemdCgroupPath.Parse("a.slice:p:a-x.slice", "id");
        Assert.Equal("a-x.slice", slice.Unit);
        Assert.True(slice.IsSlice);
        Assert.Equal("/a.slice/a-x.slice", slice.CgroupPath);
    }

    [Fact]
    public void Nested_slices_expand_into_their_parents()
    {
        Assert.Equal("/a.slice/a-b.slice/a-b-c.slice", SystemdCgroupPath.ExpandSlice("a-b-c.slice"));
        Assert.Equal("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-abc.scope",
            SystemdCgroupPath.Parse("kubepods-besteffort-pod1.slice:cri-containerd:abc", "id").CgroupPath);
    }

    [Fact]
    public void The_root_slice_is_dash()
    {
        Assert.Equal("/", SystemdCgroupPath.ExpandSlice("-.slice"));
        var p = SystemdCgroupPath.Parse("-:ocirt:x", "id");
        Assert.Equal("-.slice", p.Slice);
        Assert.Equal("/ocirt-x.scope", p.CgroupPath);
    }

    [Theory]
    [InlineData("/docker/abc")]             // a cgroupfs path
    [InlineData("system.slice:docker")]     // two parts
    [InlineData("system:docker:abc")]       // not a slice
    [InlineData("a--b.slice:p:n")]          // empty component
    [InlineData("a/b.slice:p:n")]           // a slash
    [InlineData("system.slice:p:")]         // no name
    [InlineData(".slice:p:n")]              // no slice name
    public void A_bad_path_is_refused_with_the_field_named(string path)
    {
        var e = Assert.Throws<OcirtException>(() => SystemdCgroupPath.Parse(path, "id"));
        Assert.Contains("linux.cgroupsPath", e.Message);
    }
}
