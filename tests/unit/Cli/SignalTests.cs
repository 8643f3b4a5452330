using Ocirt.Cli.Commands;
using Ocirt.Cli.Parsing;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>kill's signal argument (runc's parseSignal).</summary>
public class SignalTests
{
    [Theory]
    [InlineData("9", 9)]
    [InlineData("15", 15)]
    [InlineData("KILL", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("kill", 9)]
    [InlineData("sigterm", 15)]
    [InlineData("SigHup", 1)]
    [InlineData("USR1", 10)]
    [InlineData("SIGUSR2", 12)]
    [InlineData("WINCH", 28)]
    [InlineData("CHLD", 17)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+1", 35)]
    [InlineData("RTMAX", 64)]
    [InlineData("RTMAX-2", 62)]
    public void Parses(string text, int expected) => Assert.Equal(expected, SignalNames.Parse(text));

    [Theory]
    [InlineData("FOO")]
    [InlineData("SIG")]
    [InlineData("")]
    [InlineData("SIGKILLX")]
    [InlineData("RTMIN+40")]
    public void Unknown_names_are_refused_with_runcs_message(string text) =>
        Assert.Equal($"unknown signal \"{text}\"", Assert.Throws<UsageException>(() => SignalNames.Parse(text)).Message);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("65")]
    public void Out_of_range_numbers_are_refused(string text) => Assert.Throws<UsageException>(() => SignalNames.Parse(text));
}
