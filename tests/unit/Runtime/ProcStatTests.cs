using Ocirt.Runtime.State;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>Status derivation rests on /proc/PID/stat: start time detects pid reuse, 'Z' means stopped.</summary>
public class ProcStatTests
{
    [Fact]
    public void Our_own_process_is_alive_with_a_stable_start_time()
    {
        var info = ProcStat.Read(Environment.ProcessId);
        Assert.NotNull(info);
        Assert.True(ProcStat.IsAlive(Environment.ProcessId, info!.Value.StartTime));
        Assert.False(ProcStat.IsAlive(Environment.ProcessId, info.Value.StartTime + 1), "a different start time means a reused pid");
    }

    [Fact]
    public void Missing_pids_are_not_alive()
    {
        Assert.Null(ProcStat.Read(0));
        Assert.False(ProcStat.IsAlive(int.MaxValue, 0));
    }

    [Fact]
    public void Exited_unreaped_children_count_as_stopped()
    {
        using var p = System.Diagnostics.Process.Start("/bin/sh", ["-c", "exit 0"])!;
        // Until the runtime reaps it the child may be a zombie; either way it is not alive.
        p.WaitForExit();
        Assert.False(ProcStat.IsAlive(p.Id, ProcStat.Read(p.Id)?.StartTime ?? 0));
    }
}
