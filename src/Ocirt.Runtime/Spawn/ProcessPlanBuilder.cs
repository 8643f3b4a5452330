using Ocirt.Runtime.Init;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Spawn;

/// <summary>What exec asks of the forked child, in managed terms (validated before the fork).</summary>
internal sealed record ExecProcess(
    Ocirt.Spec.Model.Process Process,
    IReadOnlyList<string> Candidates,
    IReadOnlyList<string> Environment,
    int TerminalFd,
    int PreserveFds,
    Seccomp.SeccompProgram? Seccomp,
    Hooks.HookState? ListenerState = null,
    Ocirt.Spec.Model.Linux? Linux = null,
    bool JoinCgroupLate = false);

/// <summary>Turns an ExecProcess into a ProcessPlan in native memory; every name is checked here, not in the child.</summary>
internal static unsafe class ProcessPlanBuilder
{
    public static ProcessPlan* Build(ExecProcess exec, NativeStrings native)
    {
        var process = exec.Process;
        var p = (ProcessPlan*)native.Alloc(sizeof(ProcessPlan));
        p->TerminalFd = exec.TerminalFd;
        p->Kernel = KernelAttributes.From(process, exec.Linux);

        var rlimits = process.Rlimits ?? [];
        if (rlimits.Count > ProcessPlan.MaxRlimits) throw new OcirtException("process.rlimits: too many entries");
        for (int i = 0; i < rlimits.Count; i++)
        {
            int resource = Ocirt.Spec.Names.RlimitTable.Number(rlimits[i].Type);
            if (resource < 0) throw new OcirtException($"process.rlimits[{i}].type: unknown rlimit \"{rlimits[i].Type}\"");
            p->RlimitResources[i] = resource;
            p->RlimitValues[i * 2] = rlimits[i].Soft;
            p->RlimitValues[i * 2 + 1] = rlimits[i].Hard;
        }
        p->RlimitCount = rlimits.Count;

        if (process.Capabilities is { } caps)
        {
            ulong keep = Capabilities.Mask(caps.Bounding, "bounding");
            int last = Capabilities.LastCap();
            ulong all = last >= 63 ? ulong.MaxValue : (1UL << (last + 1)) - 1;
            p->DropBounding = all & ~keep;
            p->DropBoundingValid = 1;
            ulong eff = Capabilities.Mask(caps.Effective, "effective"), perm = Capabilities.Mask(caps.Permitted, "permitted"),
                  inh = Capabilities.Mask(caps.Inheritable, "inheritable");
            p->ApplyCaps = 1;
            p->CapHeader = new CapHeader { Version = 0x20080522, Pid = 0 };
            p->Caps0 = new CapData { Effective = (uint)eff, Permitted = (uint)perm, Inheritable = (uint)inh };
            p->Caps1 = new CapData { Effective = (uint)(eff >> 32), Permitted = (uint)(perm >> 32), Inheritable = (uint)(inh >> 32) };
            p->Ambient = Capabilities.Mask(caps.Ambient, "ambient");
        }

        var groups = process.User.AdditionalGids ?? [];
        p->SetGroups = 1;
        p->GroupCount = groups.Count;
        p->Groups = (uint*)native.Alloc(Math.Max(1, groups.Count) * sizeof(uint));
        for (int i = 0; i < groups.Count; i++) p->Groups[i] = groups[i];
        p->Uid = process.User.Uid;
        p->Gid = process.User.Gid;
        p->NoNewPrivileges = process.NoNewPrivileges ? 1 : 0;
        p->Umask = process.User.Umask ?? 0x12; // 0022
        p->Cwd = native.String(string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd);
        p->PreserveFds = exec.PreserveFds;
        p->JoinCgroupLate = exec.JoinCgroupLate ? 1 : 0;
        var labels = Security.LsmLabels.ExecWrites(process, "process");
        p->LabelCount = labels.Count;
        p->LabelPaths = native.Array(labels.ConvertAll(l => l.Path));
        p->LabelContents = native.Array(labels.ConvertAll(l => l.Content));
        if (exec.Seccomp is { } filter)
        {
            p->Seccomp.Program = (byte*)native.Alloc(filter.Bpf.Length);
            filter.Bpf.CopyTo(new Span<byte>(p->Seccomp.Program, filter.Bpf.Length));
            p->Seccomp.Length = filter.Bpf.Length / 8;
            p->Seccomp.Flags = filter.Flags;
            p->Seccomp.NoNewPrivileges = p->NoNewPrivileges;
        }
        p->CandidateCount = exec.Candidates.Count;
        p->Candidates = native.Array(exec.Candidates);
        p->Argv = native.Array(process.Args!);
        p->Envp = native.Array(exec.Environment);
        return p;
    }
}
