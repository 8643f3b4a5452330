using System.Text;

namespace Ocirt.Cli.Output;

/// <summary>
/// Go's text/tabwriter for rectangular tables (what runc's list and urfave/cli's help use): every cell
/// but the last of a row is padded to max(widest cell + padding, minWidth); the last cell is written as is.
/// </summary>
public static class TabWriter
{
    public static string Format(IReadOnlyList<string[]> rows, int minWidth, int padding)
    {
        int columns = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var widths = new int[Math.Max(columns - 1, 0)];
        for (int c = 0; c < widths.Length; c++)
            widths[c] = Math.Max(rows.Where(r => r.Length > c + 1).Select(r => r[c].Length).DefaultIfEmpty(0).Max() + padding, minWidth);
        var b = new StringBuilder();
        foreach (var r in rows)
        {
            for (int c = 0; c < r.Length - 1; c++) b.Append(r[c].PadRight(widths[c]));
            if (r.Length > 0) b.Append(r[^1]);
            b.Append('\n');
        }
        return b.ToString();
    }
}
