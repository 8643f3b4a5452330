namespace Ocirt.Conformance.Harness;

/// <summary>What a test may have left behind: cgroups named after its ids, processes in such cgroups.</summary>
public static class Leaks
{
    public static List<string> Find(IReadOnlyCollection<string> ids)
    {
        var found = new List<string>();
        if (ids.Count == 0) return found;
        found.AddRange(CgroupDirs(ids).Select(d => "cgroup dir " + d));
        found.AddRange(ProcessesOf(ids).Select(p => $"process {p.pid} ({p.comm}) in a cgroup of {p.id}"));
        return found;
    }

    /// <summary>cgroup directories anywhere under /sys/fs/cgroup (the cgroup2 view) whose name is one of the ids.</summary>
    public static IEnumerable<string> CgroupDirs(IReadOnlyCollection<string> ids) =>
        Walk(Preconditions.CgroupRoot, 8).Where(d => Names(ids, Path.GetFileName(d)));

    /// <summary>A cgroup named after the id: the id itself, or a systemd scope "prefix-ID.scope" (--systemd-cgroup).</summary>
    private static bool Names(IReadOnlyCollection<string> ids, string name) =>
        ids.Contains(name) || (name.EndsWith(".scope") && ids.Any(id => name.EndsWith("-" + id + ".scope")));

    public static IEnumerable<(int pid, string comm, string id)> ProcessesOf(IReadOnlyCollection<string> ids)
    {
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid)) continue;
            string cg, comm;
            try
            {
                cg = File.ReadAllText(Path.Combine(proc, "cgroup"));
                comm = File.ReadAllText(Path.Combine(proc, "comm")).Trim();
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            foreach (string line in cg.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string path = line[(line.IndexOf(':', line.IndexOf(':') + 1) + 1)..];
                foreach (string id in ids)
                    if (path.Split('/').Any(part => Names([id], part))) yield return (pid, comm, id);
            }
        }
    }

    private static IEnumerable<string> Walk(string root, int depth)
    {
        if (depth == 0) yield break;
        string[] children;
        try { children = Directory.GetDirectories(root); }
        catch (IOException) { yield break; }
        catch (UnauthorizedAccessException) { yield break; }
        foreach (string c in children)
        {
            yield return c;
            foreach (string d in Walk(c, depth - 1)) yield return d;
        }
    }
}
