namespace Ocirt.Runtime.Lifecycle;

/// <summary>A failed runtime operation. The message keeps runc's phrases, which callers match on.</summary>
public class OcirtException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
