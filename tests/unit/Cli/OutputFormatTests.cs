using Ocirt.Cli.Output;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>`state` and `list` output against golden files written from runc's Go encoders' rules.</summary>
public class OutputFormatTests
{
    private static readonly DateTimeOffset T = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
    private static readonly DateTimeOffset Whole = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly ContainerState Web = new("1.2.0", "web-1", 4242, "running", "/var/lib/bundles/web",
        "/var/lib/bundles/web/rootfs", T,
        new Dictionary<string, string> { ["z.last"] = "tab\there", ["html"] = "<b> & \"q\"", ["a.first"] = "x" }, "");

    private static readonly ContainerState Stopped = new("1.2.0", "stopped", 0, "stopped", "/b", "/b/rootfs", Whole, null, "");

    [Fact]
    public void State_is_two_space_indented_sorted_annotations_go_escapes_no_newline() =>
        Assert.Equal(Golden.Read("state-annotations.json"), StateFormatter.Indented(Web));

    [Fact]
    public void State_without_annotations_omits_the_key() =>
        Assert.Equal(Golden.Read("state-plain.json"), StateFormatter.Indented(Stopped));

    [Fact]
    public void Empty_annotations_are_omitted_like_null() =>
        Assert.Equal(Golden.Read("state-plain.json"),
            StateFormatter.Indented(Stopped with { Annotations = new Dictionary<string, string>() }));

    [Fact]
    public void State_created_in_another_offset_is_printed_in_utc() =>
        Assert.Equal(Golden.Read("state-plain.json"), StateFormatter.Indented(Stopped with { Created = Whole.ToOffset(TimeSpan.FromHours(5)) }));

    [Fact]
    public void List_json_is_one_compact_line_with_owner()
    {
        var states = new[] { Web with { Owner = "root" }, Stopped with { Owner = "#1000" } };
        Assert.Equal(Golden.Read("list.json"), StateFormatter.JsonList(states));
    }

    [Fact]
    public void List_json_of_nothing_is_null() => Assert.Equal("null\n", StateFormatter.JsonList([]));

    [Fact]
    public void List_table_uses_go_tabwriter_columns()
    {
        var states = new[]
        {
            Web with { Owner = "root" }, Stopped with { Owner = "#1000" },
            Stopped with { Id = "a-much-longer-container-id", Pid = 1, Status = "created", Created = Whole.AddMilliseconds(500) },
        };
        Assert.Equal(Golden.Read("list-table.txt"), StateFormatter.Table(states));
    }

    [Fact]
    public void List_table_of_nothing_is_the_header_at_minimum_width() =>
        Assert.Equal(Golden.Read("list-empty-table.txt"), StateFormatter.Table([]));

    [Theory]
    [InlineData(0L, "2026-01-02T03:04:05Z")]
    [InlineData(1L, "2026-01-02T03:04:05.0000001Z")]
    [InlineData(1234567L, "2026-01-02T03:04:05.1234567Z")]
    [InlineData(1000000L, "2026-01-02T03:04:05.1Z")]
    [InlineData(1200000L, "2026-01-02T03:04:05.12Z")]
    [InlineData(10L, "2026-01-02T03:04:05.000001Z")]
    [InlineData(9999999L, "2026-01-02T03:04:05.9999999Z")]
    public void Rfc3339Nano_trims_trailing_zeros_and_omits_a_zero_fraction(long ticks, string expected) =>
        Assert.Equal(expected, GoTime.Rfc3339Nano(Whole.AddTicks(ticks)));

    [Fact]
    public void Rfc3339Nano_converts_to_utc() =>
        Assert.Equal("2026-01-01T22:04:05Z", GoTime.Rfc3339Nano(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5))));

    [Fact]
    public void Rfc3339_keeps_the_offset_and_drops_the_fraction()
    {
        Assert.Equal("2026-01-02T03:04:05Z", GoTime.Rfc3339(T));
        Assert.Equal("2026-01-02T03:04:05+01:00", GoTime.Rfc3339(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)).AddTicks(5)));
        Assert.Equal("2026-01-02T03:04:05-07:30", GoTime.Rfc3339(new DateTimeOffset(2026, 1, 2, 3, 4, 5, new TimeSpan(-7, -30, 0))));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("<a>&b", "\"\\u003ca\\u003e\\u0026b\"")]
    [InlineData("q\"\\", "\"q\\\"\\\\\"")]
    [InlineData("\n\r\t\u0001", "\"\\n\\r\\t\\u0001\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("é✓", "\"é✓\"")]
    public void Go_json_string_escaping(string input, string expected) => Assert.Equal(expected, GoJson.String(input));

    [Theory]
    [InlineData("container does not exist", "\"container does not exist\"")]
    [InlineData("a<b>&c", "\"a<b>&c\"")]
    [InlineData("ocirt: \"start\" x", "\"ocirt: \\\"start\\\" x\"")]
    [InlineData("tab\tnl\n\u0007\u007f", "\"tab\\tnl\\n\\a\\x7f\"")]
    [InlineData("é✓", "\"é✓\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    public void Go_quote_for_text_logs(string input, string expected) => Assert.Equal(expected, GoQuote.Quote(input));

    [Fact]
    public void Tabwriter_pads_all_but_the_last_cell()
    {
        string s = TabWriter.Format([["a", "bb", "c"], ["aaaa", "b", ""]], minWidth: 1, padding: 2);
        Assert.Equal("a     bb  c\naaaa  b   \n", s);
        Assert.Equal("x           y\n", TabWriter.Format([["x", "y"]], minWidth: 12, padding: 3));
    }
}
