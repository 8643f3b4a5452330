namespace Ocirt.Runtime.Lifecycle;

/// <summary>
/// linux.sysctl may only set what the container's own namespaces isolate (runc's validator): IPC
/// sysctls need a new IPC namespace, net.* a network namespace, kernel.hostname/domainname a UTS
/// namespace; anything else would change the host and is refused.
/// </summary>
public static class SysctlPolicy
{
    private static readonly HashSet<string> IpcSysctls =
    [
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    ];

    public static void Check(Ocirt.Spec.Model.Spec spec)
    {
        var sysctls = spec.Linux?.Sysctl;
        if (sysctls is not { Count: > 0 }) return;
        var namespaces = spec.Linux?.Namespaces ?? [];
        bool Has(string type) => namespaces.Any(n => n.Type == type);
        foreach (string key in sysctls.Keys)
        {
            string field = $"linux.sysctl[\"{key}\"]";
            string? needs =
                IpcSysctls.Contains(key) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal) ? "ipc"
                : key.StartsWith("net.", StringComparison.Ordinal) ? "network"
                : key is "kernel.hostname" or "kernel.domainname" ? "uts"
                : null;
            if (needs == null)
                throw new OcirtException($"{field}: sysctl \"{key}\" is not in a separate kernel namespace");
            if (!Has(needs))
                throw new OcirtException($"{field}: sysctl \"{key}\" is not allowed without a {needs} namespace (it would change the host's)");
        }
    }
}
