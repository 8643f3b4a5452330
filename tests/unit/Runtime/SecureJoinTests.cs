using Ocirt.Runtime.Init;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>Symlinks in an image must resolve inside the rootfs, never to host paths.</summary>
public sealed class SecureJoinTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("securejoin").FullName;

    [Fact]
    public void Plain_paths_join()
    {
        Assert.Equal(_root + "/a/b", SecureJoin.Join(_root, "/a/b"));
        Assert.Equal(_root, SecureJoin.Join(_root, "/"));
    }

    [Fact]
    public void Dot_dot_cannot_climb_out()
    {
        Assert.Equal(_root + "/etc", SecureJoin.Join(_root, "/../../../etc"));
    }

    [Fact]
    public void Absolute_symlinks_resolve_inside_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "link"), "/real");
        Assert.Equal(_root + "/etc/passwd", SecureJoin.Join(_root, "/escape/passwd"));
        Assert.Equal(_root + "/real/x", SecureJoin.Join(_root, "/link/x"));
    }

    [Fact]
    public void Relative_symlinks_with_dot_dot_stay_inside()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a"));
        File.CreateSymbolicLink(Path.Combine(_root, "a", "up"), "../../../../tmp");
        Assert.Equal(_root + "/tmp", SecureJoin.Join(_root, "/a/up"));
    }

    [Fact]
    public void Symlink_loops_are_an_error()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "/loop");
        Assert.Throws<Ocirt.Runtime.Lifecycle.OcirtException>(() => SecureJoin.Join(_root, "/loop/x"));
    }

    public void Dispose() => Directory.Delete(_root, true);
}
