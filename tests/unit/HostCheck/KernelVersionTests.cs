using Ocirt.Runtime.HostCheck;
using Xunit;

namespace Ocirt.Tests.Unit.HostCheck;

public class KernelVersionTests
{
    [Theory]
    [InlineData("6.18.44-fc-v769", 6, 18, 44)]
    [InlineData("5.10.0-28-amd64", 5, 10, 0)]
    [InlineData("6.1.0", 6, 1, 0)]
    [InlineData("5.8", 5, 8, 0)]
    [InlineData("6.9.0-rc3+", 6, 9, 0)]
    [InlineData("5.15.0_custom", 5, 15, 0)]
    [InlineData("4.19.2rc1", 4, 19, 2)]
    [InlineData("6\n", 6, 0, 0)]
    public void Parses_the_numeric_release(string release, int major, int minor, int patch) =>
        Assert.Equal(new KernelVersion(major, minor, patch), KernelVersion.Parse(release));

    [Theory]
    [InlineData("")]
    [InlineData("linux")]
    [InlineData("-5.8")]
    public void Rejects_text_without_a_major(string release) => Assert.Null(KernelVersion.Parse(release));

    [Theory]
    [InlineData("5.8.0", "5.8", true)]
    [InlineData("5.7.19", "5.8", false)]
    [InlineData("5.10.0", "5.8", true)]   // numeric, not lexical: 10 > 8
    [InlineData("6.0.0", "5.99", true)]
    [InlineData("4.20.0", "5.0", false)]
    [InlineData("5.8.1", "5.8.2", false)]
    public void Compares_numerically(string a, string b, bool atLeast) =>
        Assert.Equal(atLeast, KernelVersion.Parse(a)!.Value.AtLeast(KernelVersion.Parse(b)!.Value));

    [Fact]
    public void Prints_short_when_patch_is_zero()
    {
        Assert.Equal("5.8", KernelVersion.Minimum.ToString());
        Assert.Equal("6.18.44", new KernelVersion(6, 18, 44).ToString());
    }

    [Fact]
    public void Kernel_item_says_ok_at_or_above_the_minimum_and_warns_below()
    {
        var ok = HostChecker.Kernel("6.18.44-fc-v769", out var v);
        Assert.Equal(CheckStatus.Ok, ok.Status);
        Assert.Equal("6.18.44-fc-v769 (>= 5.8)", ok.Detail);
        Assert.Equal(new KernelVersion(6, 18, 44), v);
        Assert.Equal(CheckStatus.Warn, HostChecker.Kernel("5.4.0-150-generic", out _).Status);
        Assert.Equal(CheckStatus.Warn, HostChecker.Kernel("weird", out var none).Status);
        Assert.Null(none);
    }
}
