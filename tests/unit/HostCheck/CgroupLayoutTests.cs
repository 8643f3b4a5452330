using Ocirt.Runtime.HostCheck;
using Xunit;

namespace Ocirt.Tests.Unit.HostCheck;

public class CgroupLayoutTests
{
    private const string Prefix =
        "22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n" +
        "23 1 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n";

    // This build host: a tmpfs of v1 hierarchies with cgroup2 at /sys/fs/cgroup/unified.
    private const string Hybrid = Prefix +
        "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
        "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
        "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
        "38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
        "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n" +
        "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n";

    private const string PureV2 = Prefix +
        "29 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

    private const string V1Only = Prefix +
        "30 22 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n" +
        "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpu,cpuacct\n" +
        "32 30 0:29 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,memory\n";

    [Fact]
    public void Hybrid_has_v1_hierarchies_and_the_unified_mount()
    {
        var l = CgroupLayout.FromMountInfo(Hybrid);
        Assert.Equal(CgroupMode.Hybrid, l.Mode);
        Assert.Equal("/sys/fs/cgroup/unified", l.V2Root);
        Assert.Equal(new[] { "cpu", "memory", "pids", "name=systemd" }, l.V1Hierarchies);
        var item = HostChecker.CgroupModeItem(l);
        Assert.Equal(CheckStatus.Warn, item.Status);
        Assert.StartsWith("hybrid (cgroup2 at /sys/fs/cgroup/unified", item.Detail);
    }

    [Fact]
    public void Pure_v2_is_cgroup2_on_sys_fs_cgroup()
    {
        var l = CgroupLayout.FromMountInfo(PureV2);
        Assert.Equal(CgroupMode.V2, l.Mode);
        Assert.Equal("/sys/fs/cgroup", l.V2Root);
        Assert.Empty(l.V1Hierarchies);
        Assert.Equal(CheckStatus.Ok, HostChecker.CgroupModeItem(l).Status);
    }

    [Fact]
    public void The_suites_view_cgroup2_mounted_over_the_hybrid_tmpfs_is_v2()
    {
        // `umount -R /sys/fs/cgroup; mount -t cgroup2 ...` in a private namespace: the last mount on the point wins.
        var l = CgroupLayout.FromMountInfo(Prefix +
            "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "900 22 0:37 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n");
        Assert.Equal(CgroupMode.V2, l.Mode);
        Assert.Equal("/sys/fs/cgroup", l.V2Root);
    }

    [Fact]
    public void V1_only_fails_for_want_of_a_cgroup2_hierarchy()
    {
        var l = CgroupLayout.FromMountInfo(V1Only);
        Assert.Equal(CgroupMode.V1, l.Mode);
        Assert.Null(l.V2Root);
        Assert.Equal(new[] { "cpu,cpuacct", "memory" }, l.V1Hierarchies);
        Assert.Equal(CheckStatus.Fail, HostChecker.CgroupModeItem(l).Status);
    }

    [Fact]
    public void No_cgroup_mounts_at_all_is_none_and_fails()
    {
        var l = CgroupLayout.FromMountInfo(Prefix);
        Assert.Equal(CgroupMode.None, l.Mode);
        Assert.Equal(CheckStatus.Fail, HostChecker.CgroupModeItem(l).Status);
        Assert.Equal(CgroupMode.None, CgroupLayout.FromMountInfo("").Mode);
    }

    [Fact]
    public void Optional_fields_and_escaped_mount_points_are_handled()
    {
        var l = CgroupLayout.FromMountInfo("50 1 0:40 / /mnt/my\\040cgroup rw shared:1 master:2 - cgroup2 none rw\n");
        Assert.Equal(CgroupMode.V2, l.Mode);
        Assert.Equal("/mnt/my cgroup", l.V2Root);
    }

    [Fact]
    public void Controllers_missing_the_limit_ones_warn_and_name_them()
    {
        var item = HostChecker.ControllersItem("/sys/fs/cgroup/unified", "hugetlb\n");
        Assert.Equal(CheckStatus.Warn, item.Status);
        Assert.StartsWith("hugetlb (missing memory pids cpu io cpuset", item.Detail);
        Assert.Contains("can't be enforced", item.Detail);
    }

    [Fact]
    public void A_full_set_of_controllers_is_ok()
    {
        var item = HostChecker.ControllersItem("/sys/fs/cgroup", "cpuset cpu io memory hugetlb pids rdma misc\n");
        Assert.Equal(CheckStatus.Ok, item.Status);
        Assert.Equal("cpuset cpu io memory hugetlb pids rdma misc", item.Detail);
        Assert.Equal(CheckStatus.Warn, HostChecker.ControllersItem("/x", null).Status);
        Assert.Contains("(none)", HostChecker.ControllersItem("/x", "\n").Detail);
    }
}
