using Ocirt.Cli.Parsing;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>urfave/cli v1 semantics as runc ≤ 1.5 has them (runc-contract.md §1.1).</summary>
public class ArgParserTests
{
    private static ParsedCommand P(params string[] argv) => ArgParser.Parse(argv);

    [Fact]
    public void Shim_prefix_with_every_global_flag()
    {
        var p = P("--root", "/run/containerd/runc/k8s.io", "--debug", "--log", "/b/log.json", "--log-format", "json",
            "--systemd-cgroup", "--rootless=false", "--criu", "/usr/sbin/criu", "create", "--bundle", "/b", "--pid-file", "/b/init.pid", "ctr");
        Assert.Equal("/run/containerd/runc/k8s.io", p.Globals.Get("root"));
        Assert.True(p.Globals.Bool("debug"));
        Assert.Equal("/b/log.json", p.Globals.Get("log"));
        Assert.Equal("json", p.Globals.Get("log-format"));
        Assert.True(p.Globals.Bool("systemd-cgroup"));
        Assert.Equal("false", p.Globals.Get("rootless"));
        Assert.Equal("/usr/sbin/criu", p.Globals.Get("criu"));
        Assert.Equal("create", p.Command!.Name);
        Assert.Equal("/b", p.Flags.Get("bundle"));
        Assert.Equal("/b/init.pid", p.Flags.Get("pid-file"));
        Assert.Equal(["ctr"], p.Args);
    }

    [Theory]
    [InlineData("--root=/r")]
    [InlineData("-root=/r")]
    [InlineData("-root", "/r")]
    [InlineData("--root", "/r")]
    public void Value_flags_take_space_or_equals_and_one_or_two_dashes(params string[] flag)
    {
        var p = P([.. flag, "list"]);
        Assert.Equal("/r", p.Globals.Get("root"));
        Assert.Equal("list", p.Command!.Name);
    }

    [Fact]
    public void Short_aliases_map_to_the_canonical_name()
    {
        var p = P("run", "-b", "/bundle", "-d", "ctr");
        Assert.Equal("/bundle", p.Flags.Get("bundle"));
        Assert.True(p.Flags.Bool("detach"));
        Assert.True(P("-v").Globals.Bool("version"));
        Assert.True(P("-h").Globals.Bool("help"));
    }

    [Fact]
    public void Single_dash_long_bool_flag_as_go_runc_emits_for_restore()
    {
        var p = P("run", "-no-subreaper", "--detach", "ctr");
        Assert.True(p.Flags.Bool("no-subreaper"));
        Assert.True(p.Flags.Bool("detach"));
    }

    [Theory]
    [InlineData("--detach=true", true)]
    [InlineData("--detach=false", false)]
    [InlineData("-d=1", true)]
    [InlineData("-d=0", false)]
    public void Bool_flags_accept_an_inline_value(string flag, bool expected) =>
        Assert.Equal(expected, P("run", flag, "ctr").Flags.Bool("detach"));

    [Fact]
    public void Bool_flag_does_not_consume_the_next_argument()
    {
        var p = P("delete", "--force", "ctr");
        Assert.True(p.Flags.Bool("force"));
        Assert.Equal(["ctr"], p.Args);
    }

    [Fact]
    public void Absent_bool_flag_is_false_and_invalid_one_is_an_error()
    {
        Assert.False(P("delete", "ctr").Flags.Bool("force"));
        Assert.Throws<UsageException>(() => P("delete", "--force=maybe", "ctr").Flags.Bool("force"));
    }

    [Fact]
    public void Repeated_flags_keep_every_value_in_order()
    {
        var p = P("exec", "-e", "A=1", "--env", "B=2", "--env=C=3", "ctr", "sh");
        Assert.Equal(["A=1", "B=2", "C=3"], p.Flags.All("env"));
        Assert.Equal("C=3", p.Flags.Get("env"));
    }

    [Fact]
    public void Flags_after_positionals_are_reordered()
    {
        var p = P("delete", "ctr", "--force");
        Assert.True(p.Flags.Bool("force"));
        Assert.Equal(["ctr"], p.Args);
        var k = P("kill", "ctr", "KILL", "-a");
        Assert.True(k.Flags.Bool("all"));
        Assert.Equal(["ctr", "KILL"], k.Args);
        var c = P("create", "ctr", "--bundle", "/b");
        Assert.Equal("/b", c.Flags.Get("bundle"));
    }

    [Fact]
    public void Unknown_dash_words_after_the_id_stay_positional_as_in_urfave_v1()
    {
        Assert.Equal(["ctr", "-9"], P("kill", "ctr", "-9").Args);
        Assert.Equal(["ctr", "--bogus"], P("delete", "ctr", "--bogus").Args);
        Assert.Throws<UsageException>(() => P("delete", "--bogus", "ctr"));
    }

    [Fact]
    public void Reorder_keeps_flag_values_with_their_flags_and_stops_at_double_dash()
    {
        var specs = Ocirt.Cli.CommandTable.Find("create")!.Flags;
        Assert.Equal(["--bundle", "/b", "--no-pivot", "ctr"], ArgParser.Reorder(specs, ["ctr", "--bundle", "/b", "--no-pivot"]));
        Assert.Equal(["--pid-file=/p", "ctr", "x"], ArgParser.Reorder(specs, ["ctr", "--pid-file=/p", "x"]));
        Assert.Equal(["ctr", "--", "--bundle", "/b"], ArgParser.Reorder(specs, ["ctr", "--", "--bundle", "/b"]));
        Assert.Equal(["-h", "ctr"], ArgParser.Reorder(specs, ["ctr", "-h"]));
        // values that look like flags stay with their flag (go-runc: update --resources - ID)
        Assert.Equal(["--pid-file", "-", "ctr"], ArgParser.Reorder(specs, ["--pid-file", "-", "ctr"]));
        Assert.Equal(["--pid-file", "-1", "ctr"], ArgParser.Reorder(specs, ["ctr", "--pid-file", "-1"]));
    }

    [Fact]
    public void A_dash_value_stays_with_its_flag_as_runc_does()
    {
        // containerd 1.6 (go-runc v1.0.0) runs `update --resources - ID`; runc 1.1.5 reads stdin.
        var u = P("update", "--resources", "-", "ctr");
        Assert.Equal("-", u.Flags.Get("resources"));
        Assert.Equal(["ctr"], u.Args);
        Assert.Equal("-", P("update", "ctr", "-r", "-").Flags.Get("resources"));
        // runc: `delete --force -x ctr` -> "flag provided but not defined: -x" (-x moved as a value).
        Assert.Throws<UsageException>(() => P("delete", "--force", "-x", "ctr"));
    }

    [Theory]
    [InlineData("---x")]
    [InlineData("-=x")]
    public void Bad_flag_syntax(string flag) =>
        Assert.StartsWith("bad flag syntax", Assert.Throws<UsageException>(() => P("state", flag, "ctr")).Message);

    [Fact]
    public void Exec_passes_everything_after_the_container_id_through()
    {
        var p = P("exec", "--tty", "ctr", "ls", "-la", "--color", "-e", "X");
        Assert.True(p.Flags.Bool("tty"));
        Assert.Equal(["ctr", "ls", "-la", "--color", "-e", "X"], p.Args);
        Assert.Empty(p.Flags.All("env"));
    }

    [Fact]
    public void Ps_passes_its_options_to_the_host_ps()
    {
        var p = P("ps", "--format", "table", "ctr", "-e", "-x");
        Assert.Equal("table", p.Flags.Get("format"));
        Assert.Equal(["ctr", "-e", "-x"], p.Args);
    }

    [Fact]
    public void Double_dash_ends_flags()
    {
        var p = P("kill", "--", "ctr", "-9");
        Assert.Equal(["ctr", "-9"], p.Args);
        Assert.False(p.Flags.Has("all"));
    }

    [Fact]
    public void Lone_dash_is_a_positional() => Assert.Equal(["-"], P("state", "-").Args);

    [Fact]
    public void No_subcommand_gives_no_command()
    {
        var p = P("--debug");
        Assert.Null(p.Command);
        Assert.True(p.Globals.Bool("debug"));
    }

    [Fact]
    public void Help_on_any_command()
    {
        Assert.True(P("state", "--help").Flags.Bool("help"));
        Assert.True(P("create", "-h").Flags.Bool("help"));
        Assert.Equal("help", P("h", "state").Command!.Name);
    }

    [Fact]
    public void Unknown_command_flag_names_it_like_go_flag_and_carries_the_command()
    {
        var e = Assert.Throws<UsageException>(() => P("list", "--xyz"));
        Assert.Equal("flag provided but not defined: -xyz", e.Message);
        Assert.True(e.ShowUsage);
        Assert.Equal("list", e.Command!.Name);
    }

    [Fact]
    public void Unknown_global_flag_has_no_command()
    {
        var e = Assert.Throws<UsageException>(() => P("-xyz", "list"));
        Assert.StartsWith("flag provided but not defined: -xyz", e.Message);
        Assert.Null(e.Command);
    }

    [Fact]
    public void Subcommand_flags_are_not_global_and_global_flags_not_subcommand_ones()
    {
        Assert.Throws<UsageException>(() => P("--bundle", "/b", "create", "ctr"));
        Assert.Throws<UsageException>(() => P("state", "--root", "/r", "ctr"));
    }

    [Fact]
    public void Mistyped_flag_gets_a_suggestion() =>
        Assert.Equal("flag provided but not defined: -detatch (did you mean --detach?)",
            Assert.Throws<UsageException>(() => P("run", "--detatch", "ctr")).Message);

    [Fact]
    public void Value_flag_without_a_value_is_an_error()
    {
        var e = Assert.Throws<UsageException>(() => P("create", "--bundle"));
        Assert.Equal("flag needs an argument: -bundle", e.Message);
        // After reordering, a trailing value flag takes the id as its value (runc: then an argument-count error).
        var p = P("create", "ctr", "--bundle");
        Assert.Equal("ctr", p.Flags.Get("bundle"));
        Assert.Empty(p.Args);
    }

    [Fact]
    public void Unknown_command_is_no_help_topic_with_a_suggestion()
    {
        Assert.Equal("No help topic for 'foo'", Assert.Throws<UsageException>(() => P("foo")).Message);
        Assert.Equal("No help topic for 'strat' (did you mean \"start\"?)", Assert.Throws<UsageException>(() => P("strat", "x")).Message);
    }

    [Fact]
    public void Int_flag_parses_and_rejects_garbage()
    {
        Assert.Equal(3, P("create", "--preserve-fds", "3", "ctr").Flags.Int("preserve-fds", 0));
        Assert.Equal(0, P("create", "ctr").Flags.Int("preserve-fds", 0));
        Assert.Throws<UsageException>(() => P("create", "--preserve-fds=x", "ctr").Flags.Int("preserve-fds", 0));
    }

    [Theory]
    [InlineData("checkpoint", "--image-path", "/i", "--leave-running", "--tcp-established", "ctr")]
    [InlineData("restore", "--image-path", "/i", "--detach", "-no-subreaper", "--bundle", "/b", "--pid-file", "/p", "ctr")]
    [InlineData("update", "--resources=-", "ctr")]
    [InlineData("events", "--interval=5s", "--stats", "ctr")]
    [InlineData("exec", "--process", "/p.json", "--detach", "--pid-file", "/x.pid", "--console-socket", "/s", "ctr")]
    [InlineData("create", "--bundle", "/b", "--pid-file", "/p", "--console-socket", "/s", "--pidfd-socket", "/f", "--no-pivot", "--no-new-keyring", "--preserve-fds", "1", "ctr")]
    public void Every_argv_go_runc_builds_parses(params string[] argv) => Assert.Equal(argv[0], P(argv).Command!.Name);
}
