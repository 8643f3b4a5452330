namespace Ocirt.Runtime.Init;

/// <summary>What the parent sends the init over the channel (encoded by InitMessage): the config plus runtime decisions.</summary>
public sealed record InitConfig
{
    public string Id { get; set; } = "";
    public Ocirt.Spec.Model.Spec Spec { get; set; } = new();
    public string Bundle { get; set; } = "";
    public string Rootfs { get; set; } = "";
    public bool NoPivot { get; set; }
    public int FifoFd { get; set; } = -1;
    public List<string> NewNamespaces { get; set; } = [];
    /// <summary>linux.seccomp compiled by the parent (the init never loads libseccomp).</summary>
    public Seccomp.SeccompProgram? Seccomp { get; set; }
    /// <summary>mounts[index] → inherited fd of the user namespace holding its id mapping.</summary>
    public Dictionary<int, int>? IdMapFds { get; set; }
    /// <summary>--no-new-keyring: keep the caller's session keyring instead of a fresh "_ses.&lt;id&gt;".</summary>
    public bool NoNewKeyring { get; set; }
    /// <summary>
    /// Host path of the container's cgroup when the init joins it only after setup (a small memory.max, see
    /// ContainerResources.InitJoinsAfterSetup): the cgroup mount binds it, the cgroup namespace comes after joining.
    /// </summary>
    public string? CgroupToJoinAfterSetup { get; set; }
    public int PreserveFds { get; set; }
    /// <summary>Time the init's phases and send them back with "ready" (--debug).</summary>
    public bool Trace { get; set; }
}
