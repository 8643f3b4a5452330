using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ocirt.Runtime.HostCheck;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli.Commands;

/// <summary>`ocirt check`: can containers run on this host, and what is missing. Exit 0 only when no item failed.</summary>
public static class CheckCommand
{
    public static int Run(CliContext c)
    {
        string format = c.Flags.Get("format") ?? "text";
        if (format is not ("text" or "json")) throw new OcirtException("invalid format option (text or json)");
        var report = HostChecker.Run(c.Options.Root);
        Console.Out.Write(format == "json" ? Json(report) : Text(report));
        return report.Ok ? 0 : 1;
    }

    /// <summary>One line per item: the status word padded to 6 columns, the item's name, the value read.</summary>
    public static string Text(HostReport report)
    {
        var b = new StringBuilder();
        foreach (var i in report.Items) b.Append(CheckItem.StatusWord(i.Status).PadRight(6)).Append(i.Name).Append(' ').Append(i.Detail).Append('\n');
        int warns = report.Items.Count(i => i.Status == CheckStatus.Warn), fails = report.Items.Count(i => i.Status == CheckStatus.Fail);
        b.Append(fails > 0 ? $"\n{fails} failed, {warns} warning(s): `ocirt run` cannot work here\n"
                           : $"\n{warns} warning(s): `ocirt run` can work here\n");
        return b.ToString();
    }

    // Relaxed escaping: details like "(>= 5.8)" stay readable; the output is not embedded in HTML.
    private static readonly CheckJsonContext Context = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>{"ok": bool, "items": [{"name", "status", "detail"}...]}, indented.</summary>
    public static string Json(HostReport report)
    {
        var doc = new CheckDocument(report.Ok, report.Items.Select(i => new CheckDocumentItem(i.Name, CheckItem.StatusWord(i.Status), i.Detail)).ToList());
        return JsonSerializer.Serialize(doc, Context.CheckDocument) + "\n";
    }
}

public sealed record CheckDocument(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("items")] List<CheckDocumentItem> Items);

public sealed record CheckDocumentItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string Detail);

[JsonSerializable(typeof(CheckDocument))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
