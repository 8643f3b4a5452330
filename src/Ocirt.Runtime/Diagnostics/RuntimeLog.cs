namespace Ocirt.Runtime.Diagnostics;

/// <summary>The runtime's log. The CLI installs the sink that writes runc's text or JSON lines.</summary>
public static class RuntimeLog
{
    /// <summary>(level, message); level is "debug", "info", "warning" or "error".</summary>
    public static Action<string, string>? Sink { get; set; }

    public static bool DebugEnabled { get; set; }

    public static void Debug(string message) { if (DebugEnabled) Sink?.Invoke("debug", message); }
    public static void Warn(string message) => Sink?.Invoke("warning", message);
}
