using System.Runtime.InteropServices;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// The suite runs real containers: it needs root, and a pure cgroup v2 view at /sys/fs/cgroup
/// (it must never touch the host's cgroup v1 hierarchies). Checked once; every test fails with the reason otherwise.
/// </summary>
public static class Preconditions
{
    public const string CgroupRoot = "/sys/fs/cgroup";
    private const long Cgroup2SuperMagic = 0x63677270;

    private static readonly Lazy<string?> Problem = new(Find);

    public static void Check()
    {
        if (Problem.Value is { } p) throw new InvalidOperationException("conformance preconditions not met: " + p);
    }

    private static string? Find()
    {
        if (geteuid() != 0)
            return "the suite runs real containers and must run as root";
        long magic = FsMagic(CgroupRoot);
        if (magic != Cgroup2SuperMagic)
            return $"{CgroupRoot} is not cgroup2 (statfs magic 0x{magic:x}); run the suite in a private mount namespace with cgroup2 mounted there: " +
                   "unshare -m --propagation private sh -c 'umount -R /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec dotnet test tests/conformance' (or make test-conformance)";
        if (!File.Exists(Env.Binary))
            return $"runtime binary {Env.Binary} not found (set OCIRT_BIN, or build it with make)";
        if (!File.Exists(Env.Busybox))
            return $"{Env.Busybox} not found (apt-get install busybox-static)";
        return null;
    }

    /// <summary>f_type of statfs(2); -1 on error.</summary>
    public static long FsMagic(string path)
    {
        var buf = new byte[256]; // struct statfs is 120 bytes on x86_64; f_type is the first long
        return statfs(path, buf) == 0 ? BitConverter.ToInt64(buf, 0) : -1;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statfs(string path, byte[] buf);

    [DllImport("libc")]
    private static extern uint geteuid();
}
