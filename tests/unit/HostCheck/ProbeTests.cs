using Ocirt.Runtime.HostCheck;
using Xunit;

namespace Ocirt.Tests.Unit.HostCheck;

/// <summary>The small pure item builders, and the probes that are safe to run anywhere.</summary>
public class ProbeTests
{
    [Theory]
    [InlineData("96365\n", CheckStatus.Ok)]
    [InlineData("0\n", CheckStatus.Warn)]
    [InlineData(null, CheckStatus.Warn)]
    public void User_namespaces_need_a_positive_limit(string? text, CheckStatus expected) =>
        Assert.Equal(expected, HostChecker.UserNamespaces(text).Status);

    [Fact]
    public void Overlay_is_found_in_proc_filesystems()
    {
        Assert.Equal(CheckStatus.Ok, HostChecker.Overlay("nodev\tsysfs\n\text4\nnodev\toverlay\n").Status);
        Assert.Equal(CheckStatus.Warn, HostChecker.Overlay("nodev\tsysfs\n\text4\nnodev\toverlayfs_not\n").Status);
        Assert.Equal(CheckStatus.Warn, HostChecker.Overlay(null).Status);
    }

    [Fact]
    public void Lsms_are_info_only()
    {
        Assert.Equal("enabled (Y)", HostChecker.AppArmor("Y\n").Detail);
        Assert.Equal(CheckStatus.Info, HostChecker.AppArmor(null).Status);
        Assert.Equal("enforcing", HostChecker.SELinux("1").Detail);
        Assert.Equal("permissive", HostChecker.SELinux("0\n").Detail);
        Assert.Equal(CheckStatus.Info, HostChecker.SELinux(null).Status);
    }

    [Fact]
    public void Root_dir_probe_leaves_nothing_behind()
    {
        string parent = Path.Combine(Path.GetTempPath(), "ocirt-hc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(parent);
        try
        {
            var (missingOk, missingDetail) = RootDirProbe.Check(Path.Combine(parent, "a", "b"));
            Assert.True(missingOk, missingDetail);
            Assert.Contains("can be created in " + parent, missingDetail);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
            var (existsOk, existsDetail) = RootDirProbe.Check(parent);
            Assert.True(existsOk, existsDetail);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
            File.WriteAllText(Path.Combine(parent, "f"), "");
            Assert.False(RootDirProbe.Check(Path.Combine(parent, "f")).Writable);
        }
        finally { Directory.Delete(parent, true); }
    }

    [Fact]
    public void Syscall_probes_on_a_modern_kernel_find_the_syscalls()
    {
        // The unit tests run on kernels >= 5.12 (mount_setattr); each probe is harmless.
        Assert.True(SyscallProbes.Clone3().Present);
        Assert.True(SyscallProbes.PidfdOpen().Present);
        Assert.True(SyscallProbes.MountSetattr().Present);
        Assert.Equal("returns EINVAL", new SyscallProbe(true, -1, 22).Describe());
        Assert.False(new SyscallProbe(false, -1, 38).Present);
    }
}
