using System.Runtime.InteropServices;

namespace Ocirt.Conformance.Harness;

/// <summary>Host-side observations of processes.</summary>
public static class Procfs
{
    /// <summary>True when the pid exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[(stat.LastIndexOf(')') + 2)];
            return state != 'Z' && state != 'X';
        }
        catch (IOException) { return false; }
    }

    /// <summary>argv joined by spaces, "" if gone.</summary>
    public static string Cmdline(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }

    public static string Cgroup(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cgroup"); }
        catch (IOException) { return ""; }
    }

    /// <summary>readlink /proc/self/ns/TYPE of the test process, e.g. "pid:[4026531836]".</summary>
    public static string OwnNamespace(string type) => new FileInfo($"/proc/self/ns/{type}").LinkTarget ?? "";

    public static int Kill(int pid, int sig) => kill(pid, sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
