namespace Ocirt.Runtime.HostCheck;

/// <summary>
/// Whether the state root (--root) can be used: if it exists, a file is created and removed in it; otherwise a
/// directory is created and removed in its nearest existing ancestor (what `create` would do). Nothing is left behind.
/// </summary>
public static class RootDirProbe
{
    public static (bool Writable, string Detail) Check(string root)
    {
        string probeName = ".ocirt-check-" + Environment.ProcessId;
        try
        {
            if (Directory.Exists(root))
            {
                string f = Path.Combine(root, probeName);
                using (new FileStream(f, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                File.Delete(f);
                return (true, $"{root} (exists, writable)");
            }
            if (File.Exists(root)) return (false, $"{root} is a file, not a directory");
            string? parent = Path.GetDirectoryName(root.TrimEnd('/'));
            while (parent != null && !Directory.Exists(parent)) parent = Path.GetDirectoryName(parent);
            if (parent == null) return (false, $"{root}: no existing parent directory");
            string d = Path.Combine(parent, probeName);
            Directory.CreateDirectory(d);
            Directory.Delete(d);
            return (true, $"{root} (missing; can be created in {parent})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (false, $"{root}: {e.Message}");
        }
    }
}
