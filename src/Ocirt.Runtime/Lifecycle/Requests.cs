namespace Ocirt.Runtime.Lifecycle;

/// <summary>Global options every command shares (runc's global flags).</summary>
public sealed record RuntimeOptions(string Root, bool SystemdCgroup = false, bool Debug = false);

public sealed record CreateRequest(
    string Id,
    string Bundle,
    string? PidFile = null,
    string? ConsoleSocket = null,
    bool NoPivot = false,
    bool NoNewKeyring = false,
    int PreserveFds = 0,
    string? PidfdSocket = null);

public sealed record RunRequest(
    CreateRequest Create,
    bool Detach = false,
    bool Keep = false,
    bool NoSubreaper = false);

/// <summary>exec: a new process in a running container (runc exec).</summary>
public sealed record ExecRequest(
    string Id,
    Ocirt.Spec.Model.Process Process,
    bool Detach = false,
    string? PidFile = null,
    string? ConsoleSocket = null,
    int PreserveFds = 0,
    bool IgnorePaused = false,
    string? SubCgroup = null,
    string? PidfdSocket = null);
