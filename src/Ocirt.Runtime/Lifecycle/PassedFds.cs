using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Lifecycle;

/// <summary>
/// The descriptors a container gets beyond stdio (runc-contract.md §3.5): systemd socket activation
/// (LISTEN_FDS for our pid) first, then --preserve-fds more. They keep their numbers from 3 up.
/// </summary>
internal static class PassedFds
{
    /// <summary>How many fds from 3 up pass into the container, and the env entries to add.</summary>
    public static (int Count, List<string> Env) Resolve(int preserveFds, Func<string, string?> getenv)
    {
        var env = new List<string>();
        int listen = 0;
        if (getenv("LISTEN_PID") == Environment.ProcessId.ToString() && int.TryParse(getenv("LISTEN_FDS"), out int n) && n > 0)
        {
            listen = n;
            env.Add($"LISTEN_FDS={n}");
            env.Add("LISTEN_PID=1");
            if (getenv("LISTEN_FDNAMES") is { } names) env.Add($"LISTEN_FDNAMES={names}");
        }
        if (preserveFds < 0) throw new OcirtException("--preserve-fds: must not be negative");
        for (int i = 0; i < preserveFds; i++)
        {
            if (!File.Exists($"/proc/self/fd/{3 + listen + i}") && !Directory.Exists($"/proc/self/fd/{3 + listen + i}"))
                throw new OcirtException($"unable to stat preserved-fd {i} (of {preserveFds}): no such file or directory");
        }
        return (listen + preserveFds, env);
    }
}
