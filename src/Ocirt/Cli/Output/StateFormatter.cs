using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli.Output;

/// <summary>`state` and `list` output, byte for byte as runc writes them.</summary>
public static class StateFormatter
{
    /// <summary>json.MarshalIndent(cs, "", "  ") with no trailing newline.</summary>
    public static string Indented(ContainerState s) => Object(s, indent: true);

    /// <summary>`list --format json`: one line, a trailing newline; "null" when empty.</summary>
    public static string JsonList(IReadOnlyList<ContainerState> states) =>
        (states.Count == 0 ? "null" : "[" + string.Join(",", states.Select(s => Object(s, indent: false))) + "]") + "\n";

    private static string Object(ContainerState s, bool indent)
    {
        var fields = new List<(string, string)>
        {
            ("ociVersion", GoJson.String(s.OciVersion)), ("id", GoJson.String(s.Id)), ("pid", s.Pid.ToString()),
            ("status", GoJson.String(s.Status)), ("bundle", GoJson.String(s.Bundle)), ("rootfs", GoJson.String(s.Rootfs)),
            ("created", GoJson.String(GoTime.Rfc3339Nano(s.Created))),
        };
        if (s.Annotations is { Count: > 0 } a)
        {
            // Go marshals map keys sorted.
            var pairs = a.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (GoJson.String(kv.Key), GoJson.String(kv.Value))).ToList();
            string map = indent
                ? "{\n" + string.Join(",\n", pairs.Select(p => $"    {p.Item1}: {p.Item2}")) + "\n  }"
                : "{" + string.Join(",", pairs.Select(p => $"{p.Item1}:{p.Item2}")) + "}";
            fields.Add(("annotations", map));
        }
        fields.Add(("owner", GoJson.String(s.Owner)));
        if (!indent) return "{" + string.Join(",", fields.Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}";
        return "{\n" + string.Join(",\n", fields.Select(f => $"  \"{f.Item1}\": {f.Item2}")) + "\n}";
    }

    /// <summary>runc's tabwriter.NewWriter(os.Stdout, 12, 1, 3, ' ', 0) table, header first.</summary>
    public static string Table(IReadOnlyList<ContainerState> states)
    {
        var rows = new List<string[]> { new[] { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
        rows.AddRange(states.Select(s => new[] { s.Id, s.Pid.ToString(), s.Status, s.Bundle, GoTime.Rfc3339Nano(s.Created), s.Owner }));
        return TabWriter.Format(rows, minWidth: 12, padding: 3);
    }
}
