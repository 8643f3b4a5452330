using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Init;

/// <summary>Finds process.args[0] inside the container, with Go's exec.LookPath wording on failure.</summary>
internal static class ExecutableLookup
{
    /// <summary>Paths execve will try, as Go's exec.LookPath over the process's own PATH.</summary>
    public static List<string> Candidates(string name, IReadOnlyList<string> env, string? cwd)
    {
        if (name.Contains('/')) return [name.StartsWith('/') ? name : Path.Combine(string.IsNullOrEmpty(cwd) ? "/" : cwd, name)];
        string path = env.LastOrDefault(e => e.StartsWith("PATH="))?[5..] ?? "";
        return [.. Array.ConvertAll(path.Split(':'), dir => (dir.Length == 0 ? "." : dir).TrimEnd('/') + "/" + name)];
    }

    public static string Resolve(string name, IReadOnlyList<string> env, string cwd)
    {
        if (name.Contains('/'))
        {
            string path = name.StartsWith('/') ? name : Path.Combine(cwd, name);
            // Checked here, before "ready", so that create fails (runc's exec.LookPath in init):
            // dockerd maps "no such file or directory" to exit 127 and "permission denied" to 126
            // only for create errors. A missing interpreter is still reported by execve itself.
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new OcirtException($"exec: \"{name}\": stat {name}: no such file or directory");
            if (!IsExecutableFile(path))
                throw new OcirtException($"exec: \"{name}\": permission denied");
            return path;
        }
        string? pathVar = env.LastOrDefault(e => e.StartsWith("PATH="))?[5..];
        foreach (string dir in (pathVar ?? "").Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? "." : dir, name);
            if (IsExecutableFile(candidate)) return candidate;
        }
        throw new OcirtException($"exec: \"{name}\": executable file not found in $PATH");
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            var mode = File.GetUnixFileMode(path);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException) { return false; }
    }
}
