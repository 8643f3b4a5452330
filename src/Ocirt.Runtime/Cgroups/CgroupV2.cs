using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Cgroups;

/// <summary>
/// The cgroup v2 hierarchy: /sys/fs/cgroup when it is cgroup2, else the unified mount of a hybrid
/// host (/sys/fs/cgroup/unified). The v1 hierarchies are never touched.
/// </summary>
public static class CgroupV2
{
    private const long Cgroup2Magic = 0x63677270;

    public static string? FindRoot()
    {
        foreach (string candidate in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" })
            if (IsCgroup2(candidate)) return candidate;
        return null;
    }

    private static bool IsCgroup2(string path)
    {
        // cgroup.controllers exists only at a cgroup2 mount's root and below; check the mount type too.
        if (!File.Exists(Path.Combine(path, "cgroup.controllers"))) return false;
        foreach (string line in Interop.SmallFile.Lines("/proc/self/mountinfo"))
        {
            // ... mountpoint ... - fstype source options
            string[] parts = line.Split(' ');
            int dash = Array.IndexOf(parts, "-");
            if (dash > 4 && parts[4] == path && parts[dash + 1] == "cgroup2") return true;
        }
        return false;
    }

    /// <summary>Our own cgroup (the "0::" line of /proc/self/cgroup), against which relative paths resolve.</summary>
    public static string OwnCgroup()
    {
        foreach (string line in Interop.SmallFile.Lines("/proc/self/cgroup"))
            if (line.StartsWith("0::")) return line[3..];
        return "/";
    }

    /// <summary>linux.cgroupsPath → absolute directory (runc's cgroupfs rules: relative to our own cgroup; default: the id).</summary>
    public static string Resolve(string root, string? cgroupsPath, string id)
    {
        string inner = string.IsNullOrEmpty(cgroupsPath) ? id : cgroupsPath;
        if (!inner.StartsWith('/')) inner = OwnCgroup().TrimEnd('/') + "/" + inner;
        string clean = Path.GetFullPath(inner); // collapses ".." so the path cannot leave the hierarchy
        return root + clean.TrimEnd('/');
    }

    /// <summary>Creates the directory (and missing parents); returns whether the leaf was created by us.</summary>
    public static bool Create(string dir)
    {
        bool existed = Directory.Exists(dir);
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) { throw new OcirtException($"create cgroup {dir} (linux.cgroupsPath): {ErrorText.Of(e)}"); }
        if (existed && HasProcesses(dir))
            throw new OcirtException($"cgroup {dir} (linux.cgroupsPath) is not empty: container's cgroup is not empty");
        if (existed && IsFrozen(dir))
            throw new OcirtException($"cgroup {dir} (linux.cgroupsPath) is frozen: container's cgroup unexpectedly frozen");
        return !existed;
    }

    /// <summary>Moves a process into dir (a migration: the kernel waits out an RCU grace period).</summary>
    public static void Join(string dir, int pid)
    {
        try { File.WriteAllText(Path.Combine(dir, "cgroup.procs"), pid.ToString()); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Lifecycle.OcirtException($"cannot join cgroup {dir}: {ErrorText.Of(e)}");
        }
    }

    public static bool HasProcesses(string dir) => Pids(dir).Count > 0;

    public static List<int> Pids(string dir)
    {
        var pids = new List<int>();
        foreach (string line in Interop.SmallFile.Lines(Path.Combine(dir, "cgroup.procs")))
            if (int.TryParse(line, out int pid)) pids.Add(pid);
        return pids;
    }

    public static bool IsFrozen(string dir)
    {
        return Interop.SmallFile.TryReadText(Path.Combine(dir, "cgroup.freeze"))?.Trim() == "1";
    }

    /// <summary>Writes cgroup.freeze and waits until cgroup.events reports the new state.</summary>
    public static void Freeze(string dir, bool frozen)
    {
        try { File.WriteAllText(Path.Combine(dir, "cgroup.freeze"), frozen ? "1" : "0"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new OcirtException($"{(frozen ? "freeze" : "thaw")} cgroup {dir}: {ErrorText.Of(e)}"); }
        string want = frozen ? "frozen 1" : "frozen 0";
        long deadline = Environment.TickCount64 + 5000;
        while (Environment.TickCount64 < deadline)
        {
            try { if (File.ReadLines(Path.Combine(dir, "cgroup.events")).Contains(want)) return; }
            catch (IOException) { return; }
            Thread.Sleep(1);
        }
        throw new OcirtException($"cgroup {dir} did not reach \"{want}\" within 5s");
    }

    /// <summary>SIGKILL every process: cgroup.kill where the kernel has it, else one by one.</summary>
    public static void KillAll(string dir)
    {
        string killFile = Path.Combine(dir, "cgroup.kill");
        if (File.Exists(killFile))
        {
            try { File.WriteAllText(killFile, "1"); return; } catch (IOException) { }
        }
        foreach (int pid in Pids(dir)) Interop.Libc.Kill(pid, 9);
    }

    /// <summary>Removes the directory, retrying while exiting processes drain out of it.</summary>
    public static void Remove(string dir, int timeoutMs = 5000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            try
            {
                if (!Directory.Exists(dir)) return;
                // Sub-cgroups first (exec --cgroup targets, a container's own nesting): rmdir needs an empty tree.
                foreach (string sub in Directory.GetDirectories(dir)) Remove(sub, (int)Math.Max(0, deadline - Environment.TickCount64));
                Directory.Delete(dir);
                return;
            }
            catch (IOException) when (Environment.TickCount64 < deadline) { Thread.Sleep(10); }
            catch (IOException e) { throw new OcirtException($"remove cgroup {dir}: {ErrorText.Of(e)}"); }
        }
    }
}
