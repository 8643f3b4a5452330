namespace Ocirt.Runtime.Diagnostics;

/// <summary>
/// Test-only: OCIRT_TEST_KILL_AT=NAME makes ocirt SIGKILL itself when it reaches the point NAME (a startup
/// phase or a step of start/exec/delete), so the fault suite (tests/faults) can kill it inside every phase.
/// </summary>
internal static class FaultPoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("OCIRT_TEST_KILL_AT");

    public static void Hit(string name)
    {
        if (Target != null && Target == name) Interop.Libc.Kill(Environment.ProcessId, 9);
    }
}
