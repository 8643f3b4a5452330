using Ocirt.Spec.Model;
using Ocirt.Spec.Names;

namespace Ocirt.Spec.Validation;

/// <summary>process: args, cwd, env, rlimits, capabilities and the scheduling attributes.</summary>
internal static class ProcessRules
{
    private static readonly string[] IoClasses = ["IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"];
    private static readonly string[] Policies =
        ["SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE"];
    private static readonly string[] SchedFlags =
    [
        "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
        "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX",
    ];

    public static void Check(Process? process, Problems p)
    {
        // The spec makes process optional, but create/run need something to execute (as runc does).
        if (process is null) { p.Add("process", "required"); return; }
        if (process.Args is null || process.Args.Count == 0) p.Add("process.args", "must not be empty");
        if (!Problems.IsAbsolute(process.Cwd)) p.Add("process.cwd", "must be an absolute path");
        CheckEnv(process.Env, p);
        CheckRlimits(process.Rlimits, p);
        CheckCapabilities(process.Capabilities, p);
        if (process.OomScoreAdj is < -1000 or > 1000)
            p.Add("process.oomScoreAdj", $"must be between -1000 and 1000 (got {process.OomScoreAdj})");
        if (process.IoPriority is { } io)
        {
            if (!IoClasses.Contains(io.Class)) p.Add("process.ioPriority.class", $"unknown class {Problems.Q(io.Class)}");
            if (io.Priority is < 0 or > 7) p.Add("process.ioPriority.priority", $"must be between 0 and 7 (got {io.Priority})");
        }
        if (process.Scheduler is { } s) CheckScheduler(s, p);
    }

    // runc's init refuses these when it builds the environment.
    private static void CheckEnv(List<string>? env, Problems p)
    {
        for (int i = 0; i < (env?.Count ?? 0); i++)
        {
            string e = env![i];
            int eq = e.IndexOf('=');
            if (eq < 0) p.Add($"process.env[{i}]", "invalid environment variable: missing '='");
            else if (eq == 0) p.Add($"process.env[{i}]", "invalid environment variable: name cannot be empty");
        }
    }

    private static void CheckRlimits(List<PosixRlimit>? rlimits, Problems p)
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < (rlimits?.Count ?? 0); i++)
        {
            var r = rlimits![i];
            if (!RlimitTable.IsKnown(r.Type)) p.Add($"process.rlimits[{i}].type", $"unknown rlimit {Problems.Q(r.Type)}");
            else if (!seen.Add(r.Type)) p.Add($"process.rlimits[{i}].type", $"duplicate rlimit {Problems.Q(r.Type)}");
            if (r.Soft > r.Hard) p.Add($"process.rlimits[{i}]", $"soft limit {r.Soft} exceeds hard limit {r.Hard}");
        }
    }

    private static void CheckCapabilities(LinuxCapabilities? caps, Problems p)
    {
        if (caps is null) return;
        CheckCapSet("bounding", caps.Bounding, p);
        CheckCapSet("effective", caps.Effective, p);
        CheckCapSet("inheritable", caps.Inheritable, p);
        CheckCapSet("permitted", caps.Permitted, p);
        CheckCapSet("ambient", caps.Ambient, p);
    }

    private static void CheckCapSet(string set, List<string>? names, Problems p)
    {
        for (int i = 0; i < (names?.Count ?? 0); i++)
            if (!CapabilityTable.IsKnown(names![i]))
                p.Add($"process.capabilities.{set}[{i}]", $"unknown capability {Problems.Q(names[i])}");
    }

    private static void CheckScheduler(Scheduler s, Problems p)
    {
        if (!Policies.Contains(s.Policy)) p.Add("process.scheduler.policy", $"unknown policy {Problems.Q(s.Policy)}");
        if (s.Nice is < -20 or > 19) p.Add("process.scheduler.nice", $"must be between -20 and 19 (got {s.Nice})");
        for (int i = 0; i < (s.Flags?.Count ?? 0); i++)
            if (!SchedFlags.Contains(s.Flags![i])) p.Add($"process.scheduler.flags[{i}]", $"unknown flag {Problems.Q(s.Flags[i])}");
    }
}
