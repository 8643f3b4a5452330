using Ocirt.Spec.Model;
using Ocirt.Spec.Names;

namespace Ocirt.Spec.Validation;

/// <summary>linux.seccomp: every name must be one the filter builder knows, so errors surface before create.</summary>
internal static class SeccompRules
{
    private const string Notify = "SCMP_ACT_NOTIFY";

    public static void Check(LinuxSeccomp? s, Problems p)
    {
        if (s is null) return;
        const string at = "linux.seccomp";
        if (!SeccompTable.Actions.Contains(s.DefaultAction)) p.Add($"{at}.defaultAction", $"unknown action {Problems.Q(s.DefaultAction)}");
        else if (s.DefaultAction == Notify) p.Add($"{at}.defaultAction", "SCMP_ACT_NOTIFY cannot be used as the default action");
        if (s.DefaultErrnoRet is not null && !SeccompTable.TakesErrno(s.DefaultAction))
            p.Add($"{at}.defaultErrnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        for (int i = 0; i < (s.Architectures?.Count ?? 0); i++)
            if (!SeccompTable.Architectures.Contains(s.Architectures![i]))
                p.Add($"{at}.architectures[{i}]", $"unknown architecture {Problems.Q(s.Architectures[i])}");
        for (int i = 0; i < (s.Flags?.Count ?? 0); i++)
            if (!SeccompTable.Flags.Contains(s.Flags![i])) p.Add($"{at}.flags[{i}]", $"unknown flag {Problems.Q(s.Flags[i])}");

        bool notify = false;
        for (int i = 0; i < (s.Syscalls?.Count ?? 0); i++)
        {
            var sc = s.Syscalls![i];
            string path = $"{at}.syscalls[{i}]";
            if (sc.Names is null || sc.Names.Count == 0) p.Add($"{path}.names", "must not be empty");
            if (!SeccompTable.Actions.Contains(sc.Action)) p.Add($"{path}.action", $"unknown action {Problems.Q(sc.Action)}");
            notify |= sc.Action == Notify;
            // The init reports over a socket with write(2): a notifying write would wait for a listener
            // that only gets its fd through that very write (runc refuses it too).
            if (sc.Action == Notify && sc.Names?.Contains("write") == true)
                p.Add($"{path}.names", "SCMP_ACT_NOTIFY cannot be used for the write syscall");
            if (sc.ErrnoRet is not null && !SeccompTable.TakesErrno(sc.Action))
                p.Add($"{path}.errnoRet", "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
            for (int j = 0; j < (sc.Args?.Count ?? 0); j++)
            {
                var arg = sc.Args![j];
                if (arg.Index > 5) p.Add($"{path}.args[{j}].index", $"must be between 0 and 5 (got {arg.Index})");
                if (!SeccompTable.Operators.Contains(arg.Op)) p.Add($"{path}.args[{j}].op", $"unknown operator {Problems.Q(arg.Op)}");
            }
        }
        if (notify && string.IsNullOrEmpty(s.ListenerPath)) p.Add($"{at}.listenerPath", "required when SCMP_ACT_NOTIFY is used");
    }
}
