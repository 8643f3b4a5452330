using System.Text.Json;
using System.Text.RegularExpressions;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Diagnostics;

/// <summary>
/// The user-facing text of an exception: errno words as Go prints them ("permission denied"), never a
/// .NET resource key (the binary is built with UseSystemResourceKeys, so framework messages read
/// "UnauthorizedAccess_IODenied_Path, /x") nor an exception type name. Our own errors pass through.
/// </summary>
public static partial class ErrorText
{
    public static string Of(Exception e) => e switch
    {
        OcirtException => e.Message,
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        // .NET folds EACCES, EPERM and EBADF into one type; the errno survives in an inner IOException when there is one.
        UnauthorizedAccessException => e.InnerException is IOException { HResult: > 0 and < 4096 } io ? Errno.Text(io.HResult) : "permission denied",
        PathTooLongException => "file name too long",
        // From an errno, .NET's IOException carries it as the HResult.
        IOException { HResult: > 0 and < 4096 } => Errno.Text(e.HResult),
        JsonException j => "invalid JSON" + (j.LineNumber is long line ? $" (line {line + 1}, column {j.BytePositionInLine + 1})" : ""),
        OutOfMemoryException => "out of memory",
        // Go's strconv words, for a framework parser's complaint.
        OverflowException => Plain(e.Message) ?? "value out of range",
        FormatException => Plain(e.Message) ?? "invalid syntax",
        _ => Plain(e.Message) ?? "internal error (run with --debug for details)",
    };

    /// <summary>The message when it is words; null when it is a resource key or names a .NET type.</summary>
    private static string? Plain(string message) =>
        string.IsNullOrWhiteSpace(message) || LooksInternal(message) ? null : message;

    /// <summary>A resource key (IO_PathNotFound_Path; not CAP_SYS_ADMIN), a .NET type name, or a stack trace.</summary>
    public static bool LooksInternal(string text) => InternalPattern().IsMatch(text);

    [GeneratedRegex(@"\b(?=[A-Za-z0-9_]*[a-z])[A-Z][A-Za-z0-9]*_[A-Za-z0-9_]+\b|\bSystem\.[A-Z]|\b[A-Z][A-Za-z]*Exception\b|\n\s+at [A-Z]")]
    private static partial Regex InternalPattern();
}
