using Ocirt.Runtime.Init;
using Xunit;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Tests.Unit.Runtime;

public class MountOptionsTests
{
    [Fact]
    public void Flags_propagation_and_data_are_separated()
    {
        var o = MountOptions.Parse(["nosuid", "noexec", "nodev", "ro", "rslave", "mode=755", "size=65536k"]);
        Assert.Equal(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, o.Flags);
        Assert.Equal(MS_SLAVE | MS_REC, o.Propagation);
        Assert.Equal("mode=755,size=65536k", o.Data);
        Assert.False(o.Bind);
    }

    [Fact]
    public void Later_options_override_earlier_ones()
    {
        Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags & MS_RDONLY);
        Assert.Equal(MS_RDONLY, MountOptions.Parse(["rw", "ro"]).Flags & MS_RDONLY);
        Assert.Equal(0UL, MountOptions.Parse(["nosuid", "suid"]).Flags & MS_NOSUID);
    }

    [Theory]
    [InlineData("bind", false)]
    [InlineData("rbind", true)]
    public void Bind_and_rbind(string option, bool recursive)
    {
        var o = MountOptions.Parse([option]);
        Assert.True(o.Bind);
        Assert.Equal(recursive, o.Recursive);
    }

    [Fact]
    public void Root_propagation_defaults_to_rslave_and_rejects_unknown_values()
    {
        Assert.Equal(MS_SLAVE | MS_REC, MountOptions.RootPropagation(null));
        Assert.Equal(MS_PRIVATE, MountOptions.RootPropagation("private"));
        var e = Assert.Throws<Ocirt.Runtime.Lifecycle.OcirtException>(() => MountOptions.RootPropagation("sideways"));
        Assert.Contains("linux.rootfsPropagation", e.Message);
    }
}

/// <summary>Recursive attributes and id-map options: mount_setattr masks, never filesystem data.</summary>
public class RecursiveMountOptionTests
{
    [Fact]
    public void Rro_and_rnosuid_set_attributes_and_stay_out_of_the_data()
    {
        var o = Ocirt.Runtime.Init.MountOptions.Parse(["rbind", "rro", "rnosuid", "size=1m"]);
        Assert.Equal(0x1UL | 0x2UL, o.RecursiveSet);
        Assert.Equal(0UL, o.RecursiveClear);
        Assert.Equal("size=1m", o.Data);
    }

    [Fact]
    public void The_last_of_a_pair_wins()
    {
        var o = Ocirt.Runtime.Init.MountOptions.Parse(["rro", "rrw"]);
        Assert.Equal(0UL, o.RecursiveSet);
        Assert.Equal(0x1UL, o.RecursiveClear);
    }

    [Fact]
    public void An_atime_mode_clears_the_whole_atime_field()
    {
        var o = Ocirt.Runtime.Init.MountOptions.Parse(["rnoatime"]);
        Assert.Equal(0x10UL, o.RecursiveSet);        // MOUNT_ATTR_NOATIME
        Assert.Equal(0x70UL, o.RecursiveClear);      // MOUNT_ATTR__ATIME, as the kernel requires
    }

    [Fact]
    public void Idmap_and_ridmap_are_flags_not_data()
    {
        var idmap = Ocirt.Runtime.Init.MountOptions.Parse(["bind", "idmap"]);
        var ridmap = Ocirt.Runtime.Init.MountOptions.Parse(["rbind", "ridmap"]);
        Assert.True(idmap.IdMap && !idmap.IdMapRecursive);
        Assert.True(ridmap.IdMap && ridmap.IdMapRecursive);
        Assert.Equal("", idmap.Data + ridmap.Data);
    }

    [Fact]
    public void Each_propagation_option_is_a_step_in_config_order()
    {
        var o = MountOptions.Parse(["rbind", "rprivate", "rshared"]);
        Assert.Equal([MS_PRIVATE | MS_REC, MS_SHARED | MS_REC], o.PropagationSteps);
    }

    [Fact]
    public void Remount_is_a_flag_not_filesystem_data()
    {
        var o = MountOptions.Parse(["remount", "ro"]);
        Assert.Equal(MS_REMOUNT | MS_RDONLY, o.Flags);
        Assert.Equal("", o.Data);
    }

    [Theory]
    [InlineData("ratime")]
    [InlineData("rnostrictatime")]
    public void Recursive_atime_resets_clear_the_whole_atime_field(string option)
    {
        var o = MountOptions.Parse(["rbind", "rnoatime", option]);
        Assert.Equal(Ocirt.Runtime.Interop.MountApi.AttrAtimeMask, o.RecursiveClear & Ocirt.Runtime.Interop.MountApi.AttrAtimeMask);
        Assert.Equal(Ocirt.Runtime.Interop.MountApi.AttrRelatime, o.RecursiveSet & Ocirt.Runtime.Interop.MountApi.AttrAtimeMask);
    }
}
