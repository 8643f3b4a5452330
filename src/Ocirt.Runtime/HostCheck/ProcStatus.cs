namespace Ocirt.Runtime.HostCheck;

/// <summary>Fields of a /proc/PID/status text ("Name:\tvalue" lines).</summary>
public static class ProcStatus
{
    public static string? Field(string statusText, string name)
    {
        foreach (string line in statusText.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).SequenceEqual(name)) return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
