using Ocirt.Runtime.HostCheck;
using Xunit;

namespace Ocirt.Tests.Unit.HostCheck;

public class CapabilitiesTests
{
    [Fact]
    public void This_hosts_mask_lacks_only_CAP_SYS_RESOURCE()
    {
        ulong mask = Capabilities.ParseMask("000001fffeffffff")!.Value;
        Assert.Equal(new[] { 24 }, Capabilities.Missing(mask, 40));
        Assert.Equal("CAP_SYS_RESOURCE", Capabilities.Name(24));
    }

    [Fact]
    public void A_full_mask_lacks_nothing_and_bits_above_last_cap_are_ignored()
    {
        Assert.Empty(Capabilities.Missing(Capabilities.ParseMask("000001ffffffffff")!.Value, 40));
        Assert.Empty(Capabilities.Missing(ulong.MaxValue, 40));
        // an older kernel (cap_last_cap 37) with a mask of exactly 0..37
        Assert.Empty(Capabilities.Missing(Capabilities.ParseMask("0000003fffffffff")!.Value, 37));
    }

    [Fact]
    public void Docker_default_bounding_set_lacks_the_admin_capabilities()
    {
        // docker's default: a5fb = chown dac_override fowner fsetid kill setgid setuid setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap
        var names = Capabilities.Missing(Capabilities.ParseMask("00000000a80425fb")!.Value, 40).Select(Capabilities.Name).ToArray();
        Assert.Contains("CAP_SYS_ADMIN", names);
        Assert.Contains("CAP_NET_ADMIN", names);
        Assert.Contains("CAP_CHECKPOINT_RESTORE", names);
        Assert.DoesNotContain("CAP_CHOWN", names);
        Assert.DoesNotContain("CAP_MKNOD", names);
        Assert.DoesNotContain("CAP_SETFCAP", names);
    }

    [Theory]
    [InlineData(0, "CAP_CHOWN")]
    [InlineData(21, "CAP_SYS_ADMIN")]
    [InlineData(38, "CAP_PERFMON")]
    [InlineData(39, "CAP_BPF")]
    [InlineData(40, "CAP_CHECKPOINT_RESTORE")]
    [InlineData(41, "cap_41")]
    public void Names_by_number(int bit, string name) => Assert.Equal(name, Capabilities.Name(bit));

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    public void Malformed_masks_are_null(string hex) => Assert.Null(Capabilities.ParseMask(hex));

    [Fact]
    public void Missing_CAP_SYS_RESOURCE_is_a_warn_line_saying_what_it_breaks()
    {
        var items = HostChecker.CapabilityItems(0x000001fffeffffff, 40).ToList();
        Assert.Equal(CheckStatus.Warn, items[0].Status);
        Assert.Contains("CAP_SYS_RESOURCE", items[0].Detail);
        var line = Assert.Single(items, i => i.Name == "capability CAP_SYS_RESOURCE");
        Assert.Equal(CheckStatus.Warn, line.Status);
        Assert.Contains("hard rlimits", line.Detail);
    }

    [Fact]
    public void A_complete_set_is_ok_and_still_reports_CAP_SYS_RESOURCE()
    {
        var items = HostChecker.CapabilityItems(0x000001ffffffffff, 40).ToList();
        Assert.All(items, i => Assert.Equal(CheckStatus.Ok, i.Status));
        Assert.Single(items, i => i.Name == "capability CAP_SYS_RESOURCE");
    }

    [Fact]
    public void Proc_status_fields_are_found_by_exact_name()
    {
        const string status = "Name:\tsh\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\nSeccomp:\t2\nSeccomp_filters:\t1\n";
        Assert.Equal("000001fffeffffff", ProcStatus.Field(status, "CapBnd"));
        Assert.Equal("2", ProcStatus.Field(status, "Seccomp"));
        Assert.Equal("1", ProcStatus.Field(status, "Seccomp_filters"));
        Assert.Null(ProcStatus.Field(status, "CapEff"));
    }

    [Fact]
    public void Privileges_need_root_and_effective_CAP_SYS_ADMIN()
    {
        Assert.Equal(CheckStatus.Ok, HostChecker.Privileges(0, 0x000001fffeffffff).Status);
        Assert.Equal(CheckStatus.Fail, HostChecker.Privileges(1000, 0).Status);
        Assert.Equal(CheckStatus.Fail, HostChecker.Privileges(0, 0x00000000a80425fb).Status);
        Assert.Equal(CheckStatus.Fail, HostChecker.Privileges(0, null).Status);
    }
}
