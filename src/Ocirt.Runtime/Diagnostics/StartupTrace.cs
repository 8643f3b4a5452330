using System.Diagnostics;

namespace Ocirt.Runtime.Diagnostics;

/// <summary>
/// With --debug: the duration of each startup phase, in microseconds. Phases inside the init are
/// timed there and reported with "ready". A timestamp read is all it costs when debug is off.
/// </summary>
public sealed class StartupTrace(bool enabled)
{
    private long _last = Stopwatch.GetTimestamp();
    private readonly List<string>? _phases = enabled ? [] : null;

    public bool Enabled => _phases != null;

    /// <summary>Ends the phase that began at the previous mark.</summary>
    public void Mark(string phase)
    {
        FaultPoint.Hit(phase);
        if (_phases == null) return;
        long now = Stopwatch.GetTimestamp();
        _phases.Add($"{phase}={(long)Stopwatch.GetElapsedTime(_last, now).TotalMicroseconds}");
        _last = now;
    }

    /// <summary>A debug line right away (what the phases below mean, e.g. which init was chosen).</summary>
    public void Note(string text)
    {
        if (_phases != null) RuntimeLog.Debug(text);
    }

    /// <summary>"mounts=812 pivot=95 ..." for the trip back to the parent.</summary>
    public string Encode() => _phases == null ? "" : string.Join(' ', _phases);

    /// <summary>Logs phases as debug lines ("startup phase mounts: 812µs"), optionally under a prefix.</summary>
    public static void Log(string encoded, string prefix = "")
    {
        foreach (string item in encoded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = item.IndexOf('=');
            if (eq > 0) RuntimeLog.Debug($"startup phase {prefix}{item[..eq]}: {item[(eq + 1)..]}µs");
        }
    }

    public void Flush(string prefix = "") => Log(Encode(), prefix);
}
