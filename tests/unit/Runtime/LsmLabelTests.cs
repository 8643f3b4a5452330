using Ocirt.Runtime.Security;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>linux.mountLabel as an SELinux context= option on the filesystems the runtime creates (runc's FormatMountLabel).</summary>
public class LsmLabelTests
{
    private const string Label = "system_u:object_r:container_file_t:s0";

    [Fact]
    public void Tmpfs_gets_the_context_after_its_own_data() =>
        Assert.Equal($"mode=755,size=65536k,context=\"{Label}\"", LsmLabels.WithMountLabel("mode=755,size=65536k", "tmpfs", Label));

    [Fact]
    public void A_mount_without_data_gets_only_the_context() =>
        Assert.Equal($"context=\"{Label}\"", LsmLabels.WithMountLabel(null, "mqueue", Label));

    [Theory]
    [InlineData("proc")]
    [InlineData("sysfs")]
    [InlineData("cgroup2")]
    public void Kernel_filesystems_take_no_context(string type) => Assert.Equal("x=1", LsmLabels.WithMountLabel("x=1", type, Label));

    [Fact]
    public void No_label_changes_nothing() => Assert.Equal("mode=755", LsmLabels.WithMountLabel("mode=755", "tmpfs", null));
}
