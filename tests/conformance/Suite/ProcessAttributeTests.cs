using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>linux.personality, process.ioPriority and process.scheduler, observed from inside (init and exec).</summary>
public sealed class ProcessAttributeTests : ContainerTest
{
    /// <summary>/proc/self/stat fields after the command name: policy is field 41, nice 19.</summary>
    private const string PolicyAndNice = "sed 's/.*) //' /proc/self/stat | awk '{print \"policy=\" $39 \" nice=\" $17}'";

    [OcirtOnlyFact("runc 1.1.5 ignores linux.personality")]
    public void Personality_linux32_makes_uname_report_a_32_bit_machine()
    {
        Bundle.Edit(c => c["linux"]!["personality"] = new JsonObject { ["domain"] = "LINUX32" });
        Assert.Equal("i686", Observe("uname -m").Trim());
    }

    [OcirtOnlyFact("runc 1.1.5 predates process.ioPriority")]
    public void Io_priority_is_set()
    {
        Bundle.Edit(c => c["process"]!["ioPriority"] = new JsonObject { ["class"] = "IOPRIO_CLASS_IDLE", ["priority"] = 0 });
        Assert.Contains("idle", Observe("ionice -p $$"));
    }

    [OcirtOnlyFact("runc 1.1.5 predates process.scheduler")]
    public void Scheduler_policy_and_nice_are_set_for_the_init_and_exec()
    {
        Bundle.Edit(c => c["process"]!["scheduler"] = new JsonObject { ["policy"] = "SCHED_BATCH", ["nice"] = 7 });
        Assert.Contains("policy=3 nice=7", Observe(PolicyAndNice)); // SCHED_BATCH = 3

        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Must("exec", id, "sh", "-c", PolicyAndNice);
        Assert.Contains("policy=3 nice=7", r.Stdout);
    }
}
