namespace Ocirt.Runtime.Lifecycle;

/// <summary>The lifecycle operations the CLI drives. Every failure is an OcirtException.</summary>
public sealed partial class ContainerRuntime(RuntimeOptions options)
{
    public RuntimeOptions Options { get; } = options;

    /// <summary>create: returns when the init is parked before execve; the pid file is written.</summary>
    public void Create(CreateRequest request) => throw new NotImplementedException();

    /// <summary>start: releases a created container.</summary>
    public void Start(string id) => throw new NotImplementedException();

    /// <summary>run: create + start; foreground returns the container's exit status (128+n on a signal).</summary>
    public int Run(RunRequest request) => throw new NotImplementedException();

    /// <summary>kill: signal the init (all=true: every process of the container).</summary>
    public void Kill(string id, int signal, bool all) => throw new NotImplementedException();

    /// <summary>delete: a stopped or created container; force kills a running one first.</summary>
    public void Delete(string id, bool force) => throw new NotImplementedException();

    public ContainerState State(string id) => throw new NotImplementedException();

    /// <summary>All containers under the root, sorted by id. Owner is filled in.</summary>
    public IReadOnlyList<ContainerState> List() => throw new NotImplementedException();
}
