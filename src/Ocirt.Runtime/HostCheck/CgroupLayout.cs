namespace Ocirt.Runtime.HostCheck;

/// <summary>pure v2 (cgroup2 at /sys/fs/cgroup), hybrid (v1 hierarchies plus a cgroup2 elsewhere), v1 only, or none.</summary>
public enum CgroupMode { None, V1, Hybrid, V2 }

/// <summary>The cgroup mounts found in a mountinfo text, classified.</summary>
public sealed record CgroupLayout(CgroupMode Mode, string? V2Root, IReadOnlyList<string> V1Hierarchies)
{
    public const string Base = "/sys/fs/cgroup";

    public static string ModeWord(CgroupMode m) => m switch
    {
        CgroupMode.V2 => "v2",
        CgroupMode.Hybrid => "hybrid",
        CgroupMode.V1 => "v1",
        _ => "none",
    };

    /// <summary>
    /// Classifies from /proc/self/mountinfo text. The last mount on a mount point wins (stacked mounts hide earlier ones).
    /// v2: cgroup2 mounted on /sys/fs/cgroup. hybrid: v1 hierarchies and a cgroup2 mount (usually /sys/fs/cgroup/unified).
    /// v1: v1 hierarchies only. A cgroup2 mounted elsewhere without v1 hierarchies still counts as usable v2 (its root is reported).
    /// </summary>
    public static CgroupLayout FromMountInfo(string mountInfo)
    {
        var byPoint = new Dictionary<string, (string FsType, string Options)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
            int sep = line.IndexOf(" - ", StringComparison.Ordinal);
            if (sep < 0) continue;
            string[] pre = line[..sep].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] post = line[(sep + 3)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (pre.Length < 5 || post.Length < 1) continue;
            string point = Unescape(pre[4]);
            if (!byPoint.ContainsKey(point)) order.Add(point);
            byPoint[point] = (post[0], post.Length > 2 ? post[2] : "");
        }
        // Mounts under a point that was mounted over again later are hidden; mountinfo of a fresh `umount -R` + mount has none.
        string? v2Root = null;
        var v1 = new List<string>();
        foreach (string point in order)
        {
            var (fs, opts) = byPoint[point];
            if (fs == "cgroup2")
            {
                if (v2Root == null || point == Base) v2Root = point;
            }
            else if (fs == "cgroup")
            {
                v1.Add(V1Name(point, opts));
            }
        }
        bool v2AtBase = byPoint.TryGetValue(Base, out var b) && b.FsType == "cgroup2";
        CgroupMode mode =
            v2AtBase ? CgroupMode.V2 :
            v1.Count > 0 && v2Root != null ? CgroupMode.Hybrid :
            v1.Count > 0 ? CgroupMode.V1 :
            v2Root != null ? CgroupMode.V2 : CgroupMode.None;
        if (v2AtBase) v1.Clear(); // v1 hierarchies can't be mounted under a cgroup2 root; anything listed is stale
        return new CgroupLayout(mode, v2Root, v1);
    }

    /// <summary>The v1 hierarchy's controllers from its super options ("rw,cpu,cpuacct" → "cpu,cpuacct"), else the directory name.</summary>
    private static string V1Name(string point, string superOptions)
    {
        var names = superOptions.Split(',').Where(o => o != "rw" && o != "ro" && !o.StartsWith("release_agent=") && o != "clone_children"
                                                       && o != "noprefix" && o != "nsdelegate" && !o.StartsWith("xattr")).ToArray();
        return names.Length > 0 ? string.Join(',', names) : Path.GetFileName(point);
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo octal.</summary>
    internal static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var b = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                b.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else b.Append(s[i]);
        }
        return b.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';

    /// <summary>Controllers listed in a cgroup.controllers text ("cpuset cpu io memory").</summary>
    public static string[] ParseControllers(string text) => text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The controllers a container's resource limits need; missing ones mean those limits are not enforced.</summary>
    public static readonly string[] LimitControllers = ["memory", "pids", "cpu", "io", "cpuset"];
}
