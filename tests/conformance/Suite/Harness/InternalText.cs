using System.Text.RegularExpressions;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// What must never reach a user: a .NET resource key (UnauthorizedAccess_IODenied_Path; not CAP_SYS_ADMIN),
/// a .NET type or exception name, or a stack trace.
/// </summary>
public static partial class InternalText
{
    [GeneratedRegex(@"\b(?=[A-Za-z0-9_]*[a-z])[A-Z][A-Za-z0-9]*_[A-Za-z0-9_]+\b|\bSystem\.[A-Z]|\b[A-Z][A-Za-z]*Exception\b|\n\s+at [A-Z]|Unhandled exception")]
    private static partial Regex Pattern();

    public static string? Find(string text) => Pattern().Match(text) is { Success: true } m ? m.Value : null;
}
