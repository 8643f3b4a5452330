namespace Ocirt.Runtime.Lifecycle;

/// <summary>What `state` and `list` report; Status is derived, never stored.</summary>
public sealed record ContainerState(
    string OciVersion,
    string Id,
    int Pid,
    string Status,
    string Bundle,
    string Rootfs,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string>? Annotations,
    string Owner);
