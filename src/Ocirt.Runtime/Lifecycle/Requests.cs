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
    int PreserveFds = 0);

public sealed record RunRequest(
    CreateRequest Create,
    bool Detach = false,
    bool Keep = false,
    bool NoSubreaper = false);
