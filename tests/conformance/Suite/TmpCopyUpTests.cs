using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>The tmpcopyup mount option: a tmpfs starts with what the image has at that path.</summary>
public sealed class TmpCopyUpTests : ContainerTest
{
    [Fact]
    public void A_tmpcopyup_tmpfs_holds_a_writable_copy_of_the_image_directory()
    {
        string data = Path.Combine(Bundle.Rootfs, "data");
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        File.WriteAllText(Path.Combine(data, "sub", "file"), "from the image");
        File.CreateSymbolicLink(Path.Combine(data, "link"), "sub/file");
        Assert.Equal(0, Exec.Run("/bin/chown", ["-h", "1000:1000", Path.Combine(data, "link")]).ExitCode);
        Bundle.ReadonlyRootfs(true).AddMount("/data", "tmpfs", "tmpfs", "tmpcopyup", "mode=755");
        string output = Observe(
            "cat /data/link; echo; stat -c '%U' /data/link; grep ' /data ' /proc/self/mounts | cut -d' ' -f3; " +
            "echo new > /data/sub/file && echo writable");
        Assert.Contains("from the image", output);
        Assert.Contains("user1", output);     // owners are copied
        Assert.Contains("tmpfs", output);
        Assert.Contains("writable", output);
        Assert.Equal("from the image", File.ReadAllText(Path.Combine(data, "sub", "file"))); // the image is untouched
    }
}
