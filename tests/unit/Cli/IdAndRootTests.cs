using Ocirt.Cli;
using Ocirt.Cli.Commands;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>Container ID rule (validateID) and --root resolution (reviseRootDir, XDG_RUNTIME_DIR for non-root).</summary>
public class IdAndRootTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ctr-1")]
    [InlineData("A_b.c+d-e")]
    [InlineData("...")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Valid_ids(string id) => Assert.True(BundleShorthand.IsValidId(id));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a<b")]
    [InlineData("é")]
    [InlineData("a:b")]
    public void Invalid_ids(string id)
    {
        Assert.False(BundleShorthand.IsValidId(id));
        Assert.Equal("invalid container ID format", Assert.Throws<OcirtException>(() => Dispatcher.CheckId(id)).Message);
    }

    [Fact]
    public void Exec_reports_a_bad_id_as_an_exec_failure_with_255()
    {
        var e = Assert.Throws<OcirtException>(() => Dispatcher.CheckId("a/b", "exec"));
        Assert.Equal("exec failed: invalid container ID format", e.Message);
        Assert.Equal(255, e.ExitCode);
        Assert.Equal(1, Assert.Throws<OcirtException>(() => Dispatcher.CheckId("a/b", "kill")).ExitCode);
    }

    private static ParsedFlags Root(string? root)
    {
        var f = new ParsedFlags();
        if (root != null) f.Add("root", root);
        return f;
    }

    [Fact]
    public void Explicit_root_is_made_absolute_without_trailing_slash()
    {
        Assert.Equal("/tmp/state", Dispatcher.RootOf(Root("/tmp/state/")));
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "rel"), Dispatcher.RootOf(Root("rel")));
        Assert.Equal("/a/c", Dispatcher.RootOf(Root("/a/b/../c")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/tmp/..")]
    public void Root_slash_is_refused(string root) =>
        Assert.Equal("Option --root argument should not be set to /",
            Assert.Throws<OcirtException>(() => Dispatcher.RootOf(Root(root))).Message);

    [Fact]
    public void Default_root_for_root_user_ignores_xdg()
    {
        Assert.Equal("/run/ocirt", Dispatcher.DefaultRoot(0, "/run/user/0"));
        Assert.Equal("/run/ocirt", Dispatcher.DefaultRoot(0, null));
    }

    [Fact]
    public void Default_root_for_other_users_is_under_xdg_runtime_dir()
    {
        Assert.Equal("/run/user/1000/ocirt", Dispatcher.DefaultRoot(1000, "/run/user/1000"));
        Assert.Equal("/run/ocirt", Dispatcher.DefaultRoot(1000, null));
        Assert.Equal("/run/ocirt", Dispatcher.DefaultRoot(1000, ""));
    }
}
