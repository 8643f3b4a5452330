using Ocirt.Cli.Commands;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>events --interval: Go durations, default 5s, must be positive (runc events.go).</summary>
public class EventsFlagsTests
{
    [Theory]
    [InlineData("5s", 5000.0)]
    [InlineData("100ms", 100.0)]
    [InlineData("1m30s", 90000.0)]
    [InlineData("1.5s", 1500.0)]
    [InlineData("1h", 3600000.0)]
    [InlineData("250us", 0.25)]
    public void Go_durations(string text, double ms) => Assert.Equal(ms, GoDuration.Parse(text).TotalMilliseconds, 6);

    [Fact]
    public void Default_is_five_seconds() => Assert.Equal(TimeSpan.FromSeconds(5), EventsCommand.IntervalOf(null));

    [Theory]
    [InlineData("0", "duration interval must be greater than 0")]
    [InlineData("-1s", "duration interval must be greater than 0")]
    [InlineData("5", "invalid value \"5\" for flag -interval: time: invalid duration \"5\"")]
    [InlineData("xs", "invalid value \"xs\" for flag -interval: time: invalid duration \"xs\"")]
    public void Bad_intervals(string text, string message) =>
        Assert.Equal(message, Assert.Throws<OcirtException>(() => EventsCommand.IntervalOf(text)).Message);
}
