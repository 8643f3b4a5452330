[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Ocirt.Conformance.Harness;

/// <summary>Where things are: the repository, the runtime binary under test ($OCIRT_BIN), busybox.</summary>
public static class Env
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The CLI under test: $OCIRT_BIN, else &lt;repo&gt;/bin/ocirt.</summary>
    public static string Binary { get; } =
        Environment.GetEnvironmentVariable("OCIRT_BIN") is { Length: > 0 } b ? Path.GetFullPath(b) : Path.Combine(RepoRoot, "bin", "ocirt");

    /// <summary>True when the suite runs against runc itself (used to check that the tests encode runc's behaviour).</summary>
    public static bool IsRunc => Path.GetFileName(Binary) == "runc";

    /// <summary>The real runc, for cross-checks (e.g. that our `spec` output runs under runc).</summary>
    public const string RealRunc = "/usr/sbin/runc";

    public const string Busybox = "/bin/busybox";

    /// <summary>State roots of this suite live here (one per test); bundles under /tmp.</summary>
    public const string StatePrefix = "/run/ocirt-conf-";
    public const string BundlePrefix = "ocirt-conf-";

    public static string NewSuffix() => Guid.NewGuid().ToString("N")[..8];

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ocirt.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}
