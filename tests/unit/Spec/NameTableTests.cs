using Ocirt.Spec.Names;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

public class NameTableTests
{
    [Theory]
    [InlineData("CAP_CHOWN", 0)]
    [InlineData("CAP_KILL", 5)]
    [InlineData("CAP_NET_BIND_SERVICE", 10)]
    [InlineData("CAP_SYS_ADMIN", 21)]
    [InlineData("CAP_AUDIT_WRITE", 29)]
    [InlineData("CAP_CHECKPOINT_RESTORE", 40)]
    [InlineData("CAP_FOO", -1)]
    public void Capability_numbers(string name, int number) => Assert.Equal(number, CapabilityTable.Number(name));

    [Fact]
    public void Capabilities_run_to_checkpoint_restore() => Assert.Equal(40, CapabilityTable.Last);

    [Theory]
    [InlineData("RLIMIT_CPU", 0)]
    [InlineData("RLIMIT_CORE", 4)]
    [InlineData("RLIMIT_NOFILE", 7)]
    [InlineData("RLIMIT_AS", 9)]
    [InlineData("RLIMIT_RTTIME", 15)]
    [InlineData("RLIMIT_FOO", -1)]
    public void Rlimit_numbers(string name, int number) => Assert.Equal(number, RlimitTable.Number(name));

    [Fact]
    public void Namespaces_have_distinct_clone_flags_and_proc_files()
    {
        Assert.Equal(8, NamespaceTable.All.Count);
        Assert.Equal(8, NamespaceTable.All.Select(NamespaceTable.CloneFlag).Distinct().Count());
        Assert.Equal("net", NamespaceTable.ProcFile("network"));
        Assert.Equal("mnt", NamespaceTable.ProcFile("mount"));
        Assert.False(NamespaceTable.IsKnown("foo"));
    }
}
