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
    }

    public bool ToStderr => _path == null;

    public void Write(string level, string message)
    {
        string line = Format(level, message, DateTimeOffset.Now);
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

    /// <summary>logrus quotes a value (Go %q) unless it is a plain word.</summary>
    public static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '@' or '^' or '+')
            ? s
            : GoQuote.Quote(s);
}
