using Ocirt.Runtime.Diagnostics;
using System.Text;
using Ocirt.Cli.Output;

namespace Ocirt.Cli.Logging;

/// <summary>
/// runc's logrus output: text `time="..." level=error msg="..."` or JSON `{"level":...,"msg":...,"time":...}`,
/// to --log (O_APPEND|O_SYNC, 0644) or stderr. The shim reads the last error line of the JSON log.
/// </summary>
public sealed class CliLog
{
    private readonly string? _path;
    private readonly bool _json;

    public CliLog(string? path, string format)
    {
        if (format != "text" && format != "json") throw new Parsing.UsageException($"invalid log-format: {format}");
        _path = string.IsNullOrEmpty(path) ? null : path;
        _json = format == "json";
        // logrus' TextFormatter switches to its colored layout when the output is a terminal.
        _terminal = _path == null && !_json && Terminal.IsTerminal(2);
    }

    private readonly bool _terminal;
    // logrus prints seconds since its package init in the colored layout.
    private static readonly long StartTicks = Environment.TickCount64;

    public bool ToStderr => _path == null;

    public void Write(string level, string message)
    {
        string line = _terminal
            ? FormatColored(level, message, TimeSpan.FromMilliseconds(Environment.TickCount64 - StartTicks))
            : Format(level, message, DateTimeOffset.Now);
        if (_path == null)
        {
            StdStreams.Err(line);
            return;
        }
        try
        {
            // runc: O_CREAT|O_WRONLY|O_APPEND|O_SYNC, 0644 (WriteThrough is O_SYNC on Unix).
            using var f = new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0,
                Options = FileOptions.WriteThrough,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            });
            f.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StdStreams.Err(line);
        }
    }

    /// <summary>One logrus line: JSON keys sorted (level, msg, time) or the text formatter's key=value pairs.</summary>
    public string Format(string level, string message, DateTimeOffset now)
    {
        string time = GoTime.Rfc3339(now);
        return _json
            ? $"{{\"level\":{GoJson.String(level)},\"msg\":{GoJson.String(message)},\"time\":{GoJson.String(time)}}}\n"
            : $"time=\"{time}\" level={level} msg={Quote(message)}\n";
    }

    /// <summary>logrus on a terminal: "\e[31mERRO\e[0m[0000] message padded to 44 " (level colored, 4 letters).</summary>
    public static string FormatColored(string level, string message, TimeSpan sinceStart)
    {
        int color = level switch
        {
            "debug" or "trace" => 37,
            "warning" or "warn" => 33,
            "error" or "fatal" or "panic" => 31,
            _ => 36,
        };
        string text = level.ToUpperInvariant();
        if (text.Length > 4) text = text[..4];
        if (message.EndsWith('\n')) message = message[..^1];
        return $"\u001b[{color}m{text}\u001b[0m[{(int)sinceStart.TotalSeconds:D4}] {message,-44} \n";
    }

    /// <summary>logrus quotes a value (Go %q) unless it is a plain word.</summary>
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '@' or '^' or '+')
            ? s
            : GoQuote.Quote(s);
}
