using System.Text.Json;
using Ocirt.Cli.Commands;
using Ocirt.Runtime.HostCheck;
using Xunit;

namespace Ocirt.Tests.Unit.HostCheck;

public class RenderingTests
{
    private static readonly HostReport Passing = new([
        new("kernel", CheckStatus.Ok, "6.18.44 (>= 5.8)"),
        new("cgroup controllers", CheckStatus.Warn, "hugetlb"),
        new("apparmor", CheckStatus.Info, "not loaded \"quoted\""),
    ]);

    private static readonly HostReport Failing = new([
        new("kernel", CheckStatus.Ok, "6.18.44 (>= 5.8)"),
        new("root dir", CheckStatus.Fail, "/run/ocirt: cannot create in /run: mkdir EROFS"),
    ]);

    [Fact]
    public void Text_is_one_line_per_item_with_the_status_in_a_six_column_field()
    {
        Assert.Equal(
            "ok    kernel 6.18.44 (>= 5.8)\n" +
            "warn  cgroup controllers hugetlb\n" +
            "info  apparmor not loaded \"quoted\"\n" +
            "\n1 warning(s): `ocirt run` can work here\n",
            CheckCommand.Text(Passing));
        Assert.Contains("fail  root dir /run/ocirt", CheckCommand.Text(Failing));
        Assert.EndsWith("1 failed, 0 warning(s): `ocirt run` cannot work here\n", CheckCommand.Text(Failing));
    }

    [Fact]
    public void Ok_means_no_fail_items_warn_and_info_do_not_count()
    {
        Assert.True(Passing.Ok);
        Assert.False(Failing.Ok);
        Assert.True(new HostReport([]).Ok);
    }

    [Fact]
    public void Json_has_ok_and_items_with_name_status_detail()
    {
        string json = CheckCommand.Json(Failing);
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("root dir", items[1].GetProperty("name").GetString());
        Assert.Equal("fail", items[1].GetProperty("status").GetString());
        Assert.Equal("/run/ocirt: cannot create in /run: mkdir EROFS", items[1].GetProperty("detail").GetString());
        Assert.Contains("(>= 5.8)", json); // readable: no \u003E escapes
        Assert.Equal(["name", "status", "detail"], items[0].EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void Json_escapes_quotes_correctly()
    {
        using var doc = JsonDocument.Parse(CheckCommand.Json(Passing));
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("not loaded \"quoted\"", doc.RootElement.GetProperty("items")[2].GetProperty("detail").GetString());
        Assert.Equal("info", doc.RootElement.GetProperty("items")[2].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(CheckStatus.Ok, "ok")]
    [InlineData(CheckStatus.Info, "info")]
    [InlineData(CheckStatus.Warn, "warn")]
    [InlineData(CheckStatus.Fail, "fail")]
    public void Status_words(CheckStatus s, string word) => Assert.Equal(word, CheckItem.StatusWord(s));
}
