using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// Makes the controllers that the writes need available in the container's cgroup: each must be offered by the
/// hierarchy's root, then enabled in cgroup.subtree_control of every ancestor from the root down. Only the
/// controllers in use are enabled, so zero-valued resources never touch subtree_control.
/// </summary>
public static class CgroupControllers
{
    public static HashSet<string> Read(string dir, string file = "cgroup.controllers")
    {
        try { return [.. File.ReadAllText(Path.Combine(dir, file)).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    /// <summary>Throws naming the field when a controller is missing; writes that only reset to "max" are dropped instead.</summary>
    public static List<CgroupWrite> Enable(string root, string dir, List<CgroupWrite> writes)
    {
        var available = Read(root);
        var kept = new List<CgroupWrite>();
        foreach (var w in writes)
        {
            if (w.Controller.Length == 0 || available.Contains(w.Controller)) { kept.Add(w); continue; }
            if (w.OptionalIfMissing) continue;
            string have = available.Count == 0 ? "none" : string.Join(" ", available.Order(StringComparer.Ordinal));
            throw new ResourceException(FieldGroup(w.Field),
                $"the {w.Controller} controller is not available in cgroup v2 ({root}/cgroup.controllers offers: {have}); cannot write {w.File}");
        }
        // Plain loops: chained LINQ over iterators resolves generic virtual methods at run time (~0.1 ms in NativeAOT).
        var needed = new List<(string Controller, string Field)>();
        foreach (var w in kept)
            if (w.Controller.Length > 0 && !needed.Exists(n => n.Controller == w.Controller)) needed.Add((w.Controller, w.Field));
        if (needed.Count == 0) return kept;
        foreach (string ancestor in Ancestors(root, dir))
        {
            var enabled = Read(ancestor, "cgroup.subtree_control");
            foreach (var (controller, field) in needed)
            {
                if (enabled.Contains(controller)) continue;
                string file = Path.Combine(ancestor, "cgroup.subtree_control");
                try { File.WriteAllText(file, "+" + controller); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ResourceException(FieldGroup(field), $"enable the {controller} controller in {file}: {ErrorText.Of(e)}"
                        + (ErrorText.Of(e).Contains("busy", StringComparison.OrdinalIgnoreCase) ? " (that cgroup has processes of its own; use an absolute linux.cgroupsPath)" : ""));
                }
            }
        }
        return kept;
    }

    /// <summary>root, root/a, root/a/b for dir = root/a/b/c: the cgroups whose subtree_control governs dir.</summary>
    public static IEnumerable<string> Ancestors(string root, string dir)
    {
        string rel = Path.GetRelativePath(root, dir);
        if (rel == "." || rel.StartsWith("..")) yield break;
        string current = root;
        yield return current;
        string[] parts = rel.Split('/');
        for (int i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            yield return current;
        }
    }

    // "linux.resources.memory.limit" → "linux.resources.memory": the message names the resource group;
    // an indexed field (unified["memory.high"], hugepageLimits[0]) keeps its index.
    private static string FieldGroup(string field)
    {
        if (!field.StartsWith("linux.resources.")) return field;
        string rest = field["linux.resources.".Length..];
        int dot = rest.IndexOf('.'), bracket = rest.IndexOf('[');
        return dot < 0 || (bracket >= 0 && bracket < dot) ? field : "linux.resources." + rest[..dot];
    }
}
