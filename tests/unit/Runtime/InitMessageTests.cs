using System.Text;
using Ocirt.Runtime.Init;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>The hand-encoded parent → init message: every field survives the round trip.</summary>
public class InitMessageTests
{
    private static readonly byte[] Config = Encoding.UTF8.GetBytes(
        """{"ociVersion":"1.0.2","process":{"args":["sh"],"env":["A=1"],"cwd":"/"},"root":{"path":"rootfs"},"linux":{}}""");

    [Fact]
    public void All_fields_round_trip()
    {
        var cfg = new InitConfig
        {
            Id = "box", Bundle = "/b", Rootfs = "/b/rootfs", NoPivot = true, FifoFd = 7, PreserveFds = 2, Trace = true,
            NewNamespaces = ["mount", "cgroup"], NoNewKeyring = true, IdMapFds = new() { [3] = 9 },
            CgroupToJoinAfterSetup = "/sys/fs/cgroup/tiny",
            Spec = new() { Process = new() { Env = ["A=1", "B=2"] } },
        };
        var back = InitMessage.Decode(InitMessage.Encode(cfg, Config));
        Assert.Equal(("box", "/b", "/b/rootfs", true, 7, 2, true), (back.Id, back.Bundle, back.Rootfs, back.NoPivot, back.FifoFd, back.PreserveFds, back.Trace));
        Assert.Equal(["mount", "cgroup"], back.NewNamespaces);
        Assert.True(back.NoNewKeyring);
        Assert.Equal(9, back.IdMapFds![3]);
        Assert.Equal("/sys/fs/cgroup/tiny", back.CgroupToJoinAfterSetup);
        Assert.Equal(["A=1", "B=2"], back.Spec.Process!.Env);
    }

    [Fact]
    public void The_cgroup_is_joined_at_birth_by_default()
    {
        var back = InitMessage.Decode(InitMessage.Encode(new InitConfig { Spec = new() { Process = new() } }, Config));
        Assert.Null(back.CgroupToJoinAfterSetup);
        Assert.Null(back.IdMapFds);
    }
}
