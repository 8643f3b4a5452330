using Ocirt.Runtime.Cgroups;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>linux.cgroupsPath rules (runc's cgroupfs driver) and that a path can never leave the hierarchy.</summary>
public class CgroupPathTests
{
    [Fact]
    public void Absolute_paths_are_under_the_root()
    {
        Assert.Equal("/sys/fs/cgroup/ocirt/box", CgroupV2.Resolve("/sys/fs/cgroup", "/ocirt/box", "id"));
    }

    [Fact]
    public void Dot_dot_cannot_leave_the_hierarchy()
    {
        Assert.Equal("/sys/fs/cgroup/etc", CgroupV2.Resolve("/sys/fs/cgroup", "/../../etc", "id"));
    }

    [Fact]
    public void Relative_and_default_paths_are_under_our_own_cgroup()
    {
        string own = CgroupV2.OwnCgroup().TrimEnd('/');
        Assert.Equal("/sys/fs/cgroup" + own + "/box", CgroupV2.Resolve("/sys/fs/cgroup", "box", "id"));
        Assert.Equal("/sys/fs/cgroup" + own + "/myid", CgroupV2.Resolve("/sys/fs/cgroup", null, "myid"));
    }
}
