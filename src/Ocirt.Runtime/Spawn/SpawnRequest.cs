namespace Ocirt.Runtime.Spawn;

/// <summary>What the parent asks of the spawn, in managed terms.</summary>
internal sealed record SpawnRequest
{
    /// <summary>Namespaces to join: (runtime-spec type, path).</summary>
    public required IReadOnlyList<(string Type, string Path)> Joins { get; init; }
    /// <summary>Runtime-spec types of the namespaces to create.</summary>
    public required IReadOnlyList<string> NewNamespaces { get; init; }
    public string? UidMap { get; init; }
    public string? GidMap { get; init; }
    /// <summary>Content for /proc/self/timens_offsets, when a time namespace is created with offsets.</summary>
    public string? TimeOffsets { get; init; }
    /// <summary>cgroup.procs file the child is placed in before it creates anything.</summary>
    public string? CgroupProcs { get; init; }
    /// <summary>Extra environment for the init (besides the channel fd).</summary>
    public IReadOnlyList<string> InitEnvironment { get; init; } = [];
    /// <summary>The init's argv after the binary name.</summary>
    public IReadOnlyList<string> InitArgs { get; init; } = ["init"];
    /// <summary>Work for the parent while the child sets itself up (after "go", before its first reply).</summary>
    public Action? WhileChildWorks { get; init; }
    /// <summary>create/run: the init is a fork of ocirt that builds the container from this plan (no re-exec).</summary>
    public DirectInit? DirectInit { get; init; }
    /// <summary>exec: run this process directly (no ocirt init); Spawn returns once it has exec'd.</summary>
    public ExecProcess? Exec { get; init; }
}

internal sealed record SpawnResult(int InitPid, int ChannelFd);
