namespace Ocirt.Runtime.Init;

/// <summary>
/// Joins a container path to the rootfs, resolving symlinks as if the rootfs were "/", so that a
/// symlink in the image can never point a mount at a host path.
/// </summary>
internal static class SecureJoin
{
    private const int MaxSymlinks = 255;

    public static string Join(string root, string unsafePath)
    {
        root = root.TrimEnd('/');
        var pending = new Stack<string>(Enumerable.Reverse(unsafePath.Split('/', StringSplitOptions.RemoveEmptyEntries)));
        var resolved = new List<string>();
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1); continue; }
            string candidate = root + "/" + string.Join('/', resolved.Append(part));
            var info = new FileInfo(candidate);
            string? target = info.Exists || Directory.Exists(candidate) || info.LinkTarget != null ? info.LinkTarget : null;
            if (target == null) { resolved.Add(part); continue; }
            if (++links > MaxSymlinks) throw new Lifecycle.OcirtException($"secure join {unsafePath}: too many levels of symbolic links");
            if (target.StartsWith('/')) resolved.Clear();
            foreach (string t in Enumerable.Reverse(target.Split('/', StringSplitOptions.RemoveEmptyEntries))) pending.Push(t);
        }
        return resolved.Count == 0 ? root : root + "/" + string.Join('/', resolved);
    }
}
