using System.Globalization;

namespace Ocirt.Runtime.Cgroups.Stats;

/// <summary>Parsers for cgroup v2 stat file formats; a missing or unreadable file reads as empty, never an error.</summary>
public static class StatFiles
{
    public static string? Read(string dir, string file)
    {
        return Interop.SmallFile.TryReadText(Path.Combine(dir, file));
    }

    /// <summary>"key value" lines (cpu.stat, memory.stat, memory.events, hugetlb.*.events).</summary>
    public static Dictionary<string, ulong> KeyValues(string? text)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (kv.Length == 2 && ulong.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) result[kv[0]] = v;
        }
        return result;
    }

    /// <summary>A single number; "max" is unlimited (ulong.MaxValue, as runc reports it).</summary>
    public static ulong? Number(string? text)
    {
        string t = (text ?? "").Trim();
        if (t == "max") return ulong.MaxValue;
        return ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null;
    }

    /// <summary>io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device.</summary>
    public static List<(ulong Major, ulong Minor, Dictionary<string, ulong> Values)> IoStat(string? text)
    {
        var result = new List<(ulong, ulong, Dictionary<string, ulong>)>();
        foreach (string line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] dev = parts[0].Split(':');
            if (dev.Length != 2 || !ulong.TryParse(dev[0], out ulong major) || !ulong.TryParse(dev[1], out ulong minor)) continue;
            var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (string p in parts.Skip(1))
            {
                int eq = p.IndexOf('=');
                if (eq > 0 && ulong.TryParse(p[(eq + 1)..], out ulong v)) values[p[..eq]] = v;
            }
            result.Add((major, minor, values));
        }
        return result;
    }

    /// <summary>A cpu list "0-3,8" → [0,1,2,3,8].</summary>
    public static List<ushort>? CpuList(string? text)
    {
        string t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        var result = new List<ushort>();
        foreach (string range in t.Split(','))
        {
            string[] ends = range.Split('-');
            if (!ushort.TryParse(ends[0], out ushort lo)) return null;
            ushort hi = lo;
            if (ends.Length == 2 && !ushort.TryParse(ends[1], out hi)) return null;
            for (int i = lo; i <= hi; i++) result.Add((ushort)i);
        }
        return result;
    }

    /// <summary>*.pressure: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and a "full" line.</summary>
    public static PsiStats? Psi(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var psi = new PsiStats();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var data = parts[0] switch { "some" => psi.Some, "full" => psi.Full, _ => null };
            if (data == null) continue;
            foreach (string p in parts.Skip(1))
            {
                int eq = p.IndexOf('=');
                if (eq < 0) continue;
                string key = p[..eq], value = p[(eq + 1)..];
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d);
                switch (key)
                {
                    case "avg10": data.Avg10 = d; break;
                    case "avg60": data.Avg60 = d; break;
                    case "avg300": data.Avg300 = d; break;
                    case "total": data.Total = ulong.TryParse(value, out ulong t) ? t : 0; break;
                }
            }
        }
        return psi;
    }
}
