using Ocirt.Cli;
using Ocirt.Cli.Logging;
using Ocirt.Cli.Output;
using Ocirt.Cli.Parsing;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>logrus lines (what the shim parses from log.json) and urfave/cli help text.</summary>
public class LoggingAndHelpTests
{
    private static readonly DateTimeOffset Utc = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero).AddTicks(4242);
    private static readonly DateTimeOffset Paris = new(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Json_line_has_logrus_keys_in_order()
    {
        var log = new CliLog(null, "json");
        Assert.Equal("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2026-11-22T09:00:00Z\"}\n",
            log.Format("error", "container does not exist", Utc));
        Assert.Equal("{\"level\":\"error\",\"msg\":\"a \\u003c \\\"b\\\"\",\"time\":\"2026-11-22T10:00:00+01:00\"}\n",
            log.Format("error", "a < \"b\"", Paris));
    }

    [Fact]
    public void Text_line_is_logrus_text_formatter()
    {
        var log = new CliLog(null, "text");
        Assert.Equal("time=\"2026-11-22T09:00:00Z\" level=error msg=\"ocirt: \\\"start\\\" requires exactly 1 argument(s)\"\n",
            log.Format("error", "ocirt: \"start\" requires exactly 1 argument(s)", Utc));
        Assert.Equal("time=\"2026-11-22T10:00:00+01:00\" level=warning msg=plain-word\n", log.Format("warning", "plain-word", Paris));
        Assert.EndsWith(" level=info msg=\"\"\n", log.Format("info", "", Utc));
    }

    [Fact]
    public void Unknown_log_format_is_refused() =>
        Assert.Equal("invalid log-format: xml", Assert.Throws<UsageException>(() => new CliLog(null, "xml")).Message);

    [Fact]
    public void Log_file_is_appended_and_created_0644()
    {
        string dir = Directory.CreateTempSubdirectory("ocirt-log").FullName;
        try
        {
            string path = Path.Combine(dir, "log.json");
            var log = new CliLog(path, "json");
            Assert.False(log.ToStderr);
            log.Write("error", "one");
            log.Write("error", "two");
            string[] lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            Assert.Contains("\"msg\":\"two\"", lines[1]);
            var mode = File.GetUnixFileMode(path);
            Assert.False(mode.HasFlag(UnixFileMode.GroupWrite) || mode.HasFlag(UnixFileMode.OtherWrite) || mode.HasFlag(UnixFileMode.UserExecute));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Command_help_is_urfave_layout()
    {
        string help = HelpText.Command(CommandTable.Find("delete")!);
        Assert.Equal(
            "NAME:\n   ocirt delete - delete any resources held by the container often used with detached container\n\n" +
            "USAGE:\n   ocirt delete [command options] <container-id>\n\n" +
            "OPTIONS:\n   --force, -f  Forcibly deletes the container if it is still running (uses SIGKILL)\n   \n", help);
    }

    [Fact]
    public void Command_help_without_options_and_with_a_description()
    {
        Assert.Equal("NAME:\n   ocirt start - executes the user defined process in a created container\n\nUSAGE:\n   ocirt start <container-id>\n",
            HelpText.Command(CommandTable.Find("start")!));
        Assert.Equal("NAME:\n   ocirt features - show the enabled features\n\nUSAGE:\n   ocirt features [arguments...]\n\nDESCRIPTION:\n   Show the enabled features.\n",
            HelpText.Command(CommandTable.Find("features")!));
    }

    [Fact]
    public void Hidden_flags_are_not_shown_but_still_parse()
    {
        Assert.DoesNotContain("--all", HelpText.Command(CommandTable.Find("kill")!));
        Assert.DoesNotContain("--criu", HelpText.App("0.1.0", "abc", "1.2.0", "/run/ocirt"));
    }

    [Fact]
    public void Value_flags_show_value_on_every_name_and_defaults()
    {
        string help = HelpText.Command(CommandTable.Find("create")!);
        Assert.Contains("   --bundle value, -b value  path to the root", help);
        Assert.Contains("(stdio + $LISTEN_FDS + N in total) (default: 0)\n", help);
    }

    [Fact]
    public void App_help_sections()
    {
        string help = HelpText.App("0.1.0", "abc", "1.2.0", "/run/user/1000/ocirt");
        Assert.StartsWith("NAME:\n   ocirt - Open Container Initiative runtime\n", help);
        Assert.Contains("\nVERSION:\n   0.1.0\ncommit: abc\nspec: 1.2.0\n", help);
        Assert.Contains("\nCOMMANDS:\n   checkpoint  checkpoint a running container\n   create      create a container\n", help);
        Assert.Contains("\n   help, h     Shows a list of commands or help for one command\n", help);
        Assert.Contains("\nGLOBAL OPTIONS:\n   --debug             enable debug logging\n", help);
        Assert.Contains("(default: \"/run/user/1000/ocirt\")\n", help);
        Assert.DoesNotContain("   init", help);
        Assert.EndsWith("   --version, -v       print the version\n", help);
    }

    [Theory]
    [InlineData("checkpoint")]
    [InlineData("restore")]
    public void Unimplemented_commands_are_marked(string name) => Assert.True(CommandTable.Find(name)!.NotImplemented);

    [Theory]
    [InlineData("create")]
    [InlineData("exec")]
    [InlineData("ps")]
    [InlineData("pause")]
    [InlineData("update")]
    [InlineData("events")]
    public void Implemented_commands_are_not_marked(string name) => Assert.False(CommandTable.Find(name)!.NotImplemented);
}

/// <summary>logrus' colored layout, used when the text log goes to a terminal.</summary>
public class ColoredLogTests
{
    [Fact]
    public void Error_on_a_terminal_is_red_erro_and_padded_to_44()
    {
        Assert.Equal("\u001b[31mERRO\u001b[0m[0000] container does not exist" + new string(' ', 20) + " \n",
            CliLog.FormatColored("error", "container does not exist", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void Other_levels_and_long_messages()
    {
        Assert.Equal("\u001b[33mWARN\u001b[0m[0012] " + new string('x', 50) + " \n", CliLog.FormatColored("warning", new string('x', 50), TimeSpan.FromSeconds(12.9)));
        Assert.StartsWith("\u001b[37mDEBU\u001b[0m[0000] ", CliLog.FormatColored("debug", "d", TimeSpan.Zero));
        Assert.StartsWith("\u001b[36mINFO\u001b[0m", CliLog.FormatColored("info", "i\n", TimeSpan.Zero));
    }
}
