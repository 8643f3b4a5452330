namespace Ocirt.Spec.Names;

/// <summary>runtime-spec namespace types and their clone(2) flags and /proc/[pid]/ns file names.</summary>
public static class NamespaceTable
{
    public const string Pid = "pid", Network = "network", Mount = "mount", Ipc = "ipc", Uts = "uts", User = "user",
        Cgroup = "cgroup", Time = "time";

    public static IReadOnlyList<string> All { get; } = [Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time];

    public static bool IsKnown(string type) => CloneFlag(type) != 0;

    /// <summary>CLONE_NEW* flag for a type, 0 if unknown.</summary>
    public static ulong CloneFlag(string type) => type switch
    {
        Pid => 0x20000000,      // CLONE_NEWPID
        Network => 0x40000000,  // CLONE_NEWNET
        Mount => 0x00020000,    // CLONE_NEWNS
        Ipc => 0x08000000,      // CLONE_NEWIPC
        Uts => 0x04000000,      // CLONE_NEWUTS
        User => 0x10000000,     // CLONE_NEWUSER
        Cgroup => 0x02000000,   // CLONE_NEWCGROUP
        Time => 0x00000080,     // CLONE_NEWTIME
        _ => 0,
    };

    /// <summary>The entry under /proc/[pid]/ns/ for a type ("net", "mnt", ...), null if unknown.</summary>
    public static string? ProcFile(string type) => type switch
    {
        Pid => "pid", Network => "net", Mount => "mnt", Ipc => "ipc", Uts => "uts", User => "user", Cgroup => "cgroup",
        Time => "time", _ => null,
    };
}
