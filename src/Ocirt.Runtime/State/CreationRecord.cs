using System.Globalization;
using System.Text;

namespace Ocirt.Runtime.State;

/// <summary>
/// &lt;root&gt;/&lt;id&gt;/creating: what a create in progress has made before state.json exists (its cgroup or
/// systemd unit, then its init), so that `delete --force` can remove it all if that create was killed. Plain lines
/// "key value"; rewritten atomically as create goes; meaningless once state.json exists.
/// </summary>
public sealed record CreationRecord(string? CgroupDir, bool CgroupCreated, int InitPid = 0, ulong InitStartTime = 0, string? SystemdUnit = null)
{
    public const string FileName = "creating";

    public void Save(string stateDir)
    {
        var text = new StringBuilder();
        if (CgroupDir != null) text.Append("cgroup ").Append(CgroupDir).Append('\n').Append("cgroupCreated ").Append(CgroupCreated ? 1 : 0).Append('\n');
        if (SystemdUnit != null) text.Append("unit ").Append(SystemdUnit).Append('\n');
        if (InitPid > 0) text.Append("init ").Append(InitPid).Append(' ').Append(InitStartTime).Append('\n');
        AtomicFile.Write(Path.Combine(stateDir, FileName), Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The record of a create that never finished, or null when it wrote none.</summary>
    public static CreationRecord? Read(string stateDir)
    {
        string? text = Interop.SmallFile.TryReadText(Path.Combine(stateDir, FileName));
        if (text == null) return null;
        string? cgroup = null;
        bool created = false;
        int pid = 0;
        ulong start = 0;
        string? unit = null;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int sp = line.IndexOf(' ');
            if (sp < 0) continue;
            string key = line[..sp], value = line[(sp + 1)..];
            switch (key)
            {
                case "cgroup": cgroup = value; break;
                case "cgroupCreated": created = value == "1"; break;
                case "unit": unit = value; break;
                case "init":
                    string[] f = value.Split(' ');
                    if (f.Length == 2 && int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int p)
                        && ulong.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                        (pid, start) = (p, s);
                    break;
            }
        }
        return new CreationRecord(cgroup, created, pid, start, unit);
    }
}
