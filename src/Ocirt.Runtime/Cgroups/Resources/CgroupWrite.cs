namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// One write into a cgroup v2 interface file, derived from one linux.resources field.
/// Controller is "" for the core (cgroup.*) files, which need no controller.
/// </summary>
/// <param name="OptionalIfMissing">skip silently when the file does not exist (a reset to the kernel default,
/// e.g. "max", on a controller that is absent, or memory.swap.max without swap: runc ignores these too)</param>
/// <param name="RetryAfterNext">on EINVAL, retry after the next write (cpu.max.burst above the old quota)</param>
public sealed record CgroupWrite(string Controller, string File, string Value, string Field,
    bool OptionalIfMissing = false, bool RetryAfterNext = false)
{
    public override string ToString() => $"{File}={Value}";
}

/// <summary>A linux.resources value that cannot be mapped; the message starts with the field.</summary>
public sealed class ResourceException(string field, string problem) : Lifecycle.OcirtException($"{field}: {problem}");

/// <summary>runc's numToStr: 0 = leave alone (null), -1 = "max", else the number.</summary>
internal static class CgroupValue
{
    public static string? NumToStr(long value) => value switch
    {
        0 => null,
        -1 => "max",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Num(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Num(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
