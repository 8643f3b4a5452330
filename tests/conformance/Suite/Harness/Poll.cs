namespace Ocirt.Conformance.Harness;

/// <summary>Waits for a condition by polling (short sleeps), never by fixed long sleeps.</summary>
public static class Poll
{
    public static bool Until(Func<bool> condition, int timeoutMs = 10_000, int intervalMs = 20)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (condition()) return true;
            if (Environment.TickCount64 >= deadline) return false;
            Thread.Sleep(intervalMs);
        }
    }
}
