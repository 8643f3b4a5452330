using Ocirt.Cli.Commands;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>exec --cgroup [controller[,controller]:]path (runc's getSubCgroupPaths) on the single cgroup v2 hierarchy.</summary>
public class ExecCgroupFlagTests
{
    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "sub" }, "sub")]
    [InlineData(new[] { "a/b" }, "a/b")]
    [InlineData(new[] { "pids,memory:sub" }, "sub")]
    [InlineData(new[] { "pids:sub", "memory:sub" }, "sub")]
    public void Accepted(string[] values, string? expected) => Assert.Equal(expected, ExecCommand.SubCgroup(values));

    [Theory]
    [InlineData(new[] { "a:b:c" }, "invalid --cgroup argument: a:b:c")]
    [InlineData(new[] { "sub", "pids:sub" }, "missing <controller>: prefix")]
    [InlineData(new[] { ",pids:sub" }, "empty <controller> prefix")]
    [InlineData(new[] { "pids:a", "pids:a" }, "controller pids specified multiple times")]
    [InlineData(new[] { "pids:a", "memory:b" }, "different sub-cgroups")]
    public void Refused(string[] values, string phrase)
    {
        var e = Assert.Throws<OcirtException>(() => ExecCommand.SubCgroup(values));
        Assert.Contains(phrase, e.Message);
        Assert.Equal(255, e.ExitCode);
    }
}
