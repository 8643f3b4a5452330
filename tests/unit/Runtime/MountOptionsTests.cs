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
