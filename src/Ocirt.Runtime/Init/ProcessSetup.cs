using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Spawn;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Init;

/// <summary>The process attributes of process.*: rlimits, oom score, user, capabilities, cwd, umask, exec.</summary>
internal static unsafe class ProcessSetup
{
    /// <summary>Everything that can fail is done before "ready", so a bad config fails create, not start.</summary>
    public static void Apply(Ocirt.Spec.Model.Process process, Ocirt.Spec.Model.Linux? linux)
    {
        SetRlimits(process);
        ApplyKernelAttributes(process, linux);
        if (process.OomScoreAdj is int adj) WriteOwnProcFile("oom_score_adj", adj.ToString(), "process.oomScoreAdj");

        if (process.Capabilities is { } caps) Capabilities.DropBounding(caps);
        // Keep the permitted set across the uid change; capset below sets the final sets.
        Libc.Prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0);
        SetUser(process.User);
        string cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
        if (Libc.Chdir(cwd) != 0) throw new SyscallException($"chdir to cwd (\"{cwd}\") set in config.json", Errno.Last);
        if (!ForkSafeChild.CwdIsInsideRoot())
            throw new OcirtException($"current working directory (\"{cwd}\") is outside of the container's root (process.cwd)");
        Libc.Prctl(Prctl.PR_SET_KEEPCAPS, 0, 0, 0, 0);
        // The final capset waits until right before execve (after the seccomp filter, which may need
        // CAP_SYS_ADMIN); whether it can succeed is checked now, so a bad set fails create.
        if (process.Capabilities is { } c) Capabilities.CheckGrantable(c);
    }

    /// <summary>
    /// The last steps, in this order: close-on-exec for every fd above the preserved ones, the LSM
    /// exec label, the seccomp filter (unless installed at create for a listener), the final capabilities,
    /// no_new_privs, umask, execve. Returns only by throwing.
    /// </summary>
    public static void FinishAndExec(Ocirt.Spec.Model.Process process, Seccomp.SeccompProgram? filter,
        string path, IReadOnlyList<string> args, IReadOnlyList<string> env, int preserveFds)
    {
        Libc.Syscall(Libc.SYS_close_range, 3 + preserveFds, uint.MaxValue, 4 /* CLOSE_RANGE_CLOEXEC */, 0, 0);
        Security.LsmLabels.Apply(Security.LsmLabels.ExecWrites(process, "process"));
        if (filter != null) InstallFilter(filter, process.NoNewPrivileges);
        if (process.Capabilities is { } c) Capabilities.Apply(c);
        if (process.NoNewPrivileges && Libc.Prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            throw new SyscallException("prctl(PR_SET_NO_NEW_PRIVS) (process.noNewPrivileges)", Errno.Last);
        Libc.Umask(process.User.Umask ?? 0x12 /* 0022 */);
        ForkSafeChild.ResetSignals(); // SIGPIPE: ignored by .NET, and an ignored signal stays ignored across execve
        using var native = new NativeStrings();
        byte* p = native.String(path);
        Libc.Execve(p, native.Array(args), native.Array(env));
        throw new SyscallException($"exec {path}", Errno.Last);
    }

    /// <summary>Installs a compiled filter on this thread; returns the listener fd when it has one, else 0.</summary>
    public static int InstallFilter(Seccomp.SeccompProgram filter, bool noNewPrivileges)
    {
        fixed (byte* program = filter.Bpf)
        {
            var plan = new SeccompPlan
            {
                Program = program, Length = filter.Bpf.Length / 8, Flags = filter.Flags, NoNewPrivileges = noNewPrivileges ? 1 : 0,
            };
            int r = ForkSafeChild.InstallSeccomp(&plan);
            if (r >= 0) return r;
            string why = r == -Errno.EACCES && !noNewPrivileges ? " (needs CAP_SYS_ADMIN or process.noNewPrivileges)" : "";
            throw new SyscallException($"install the seccomp filter (linux.seccomp){why}", -r);
        }
    }

    private static void ApplyKernelAttributes(Ocirt.Spec.Model.Process process, Ocirt.Spec.Model.Linux? linux)
    {
        var k = KernelAttributes.From(process, linux);
        int err = 0;
        SpawnStep step = ForkSafeChild.ApplyKernelAttributes(&k, &err);
        if (step == 0) return;
        string field = step switch
        {
            SpawnStep.Personality => "personality (linux.personality)",
            SpawnStep.IoPriority => "ioprio_set (process.ioPriority)",
            _ => "sched_setattr (process.scheduler)",
        };
        throw new SyscallException(field, err);
    }

    /// <summary>
    /// The init is not dumpable, which makes its /proc files the host root's: in a user namespace it
    /// could not write its own. Dumpable only for the write, as runc does.
    /// </summary>
    private static void WriteOwnProcFile(string name, string value, string field)
    {
        Libc.Prctl(Prctl.PR_SET_DUMPABLE, 1, 0, 0, 0);
        // The exception texts are resource keys under InvariantGlobalization: say it in words, naming the field.
        try { File.WriteAllText("/proc/self/" + name, value); }
        catch (UnauthorizedAccessException)
        { throw new OcirtException($"{field}: write {value} to /proc/self/{name}: permission denied (lowering it needs CAP_SYS_RESOURCE)"); }
        catch (IOException e) { throw new OcirtException($"{field}: write {value} to /proc/self/{name}: {ErrorText.Of(e)}"); }
        finally { Libc.Prctl(Prctl.PR_SET_DUMPABLE, 0, 0, 0, 0); }
    }

    private static void SetRlimits(Ocirt.Spec.Model.Process process)
    {
        var rlimits = process.Rlimits ?? [];
        for (int i = 0; i < rlimits.Count; i++)
        {
            var r = rlimits[i];
            int resource = Ocirt.Spec.Names.RlimitTable.Number(r.Type);
            if (resource < 0) throw new OcirtException($"process.rlimits[{i}].type: unknown rlimit \"{r.Type}\"");
            var lim = new RLimit { Cur = r.Soft, Max = r.Hard };
            if (Libc.Setrlimit(resource, &lim) != 0)
            {
                int err = Errno.Last;
                string hint = err == Errno.EPERM ? " (raising a hard limit needs CAP_SYS_RESOURCE, which the runtime does not have)" : "";
                throw new SyscallException($"setrlimit {r.Type} soft={r.Soft} hard={r.Hard} (process.rlimits[{i}]){hint}", err);
            }
        }
    }

    private static void SetUser(Ocirt.Spec.Model.User user)
    {
        var groups = user.AdditionalGids ?? [];
        uint[] g = [.. groups];
        fixed (uint* p = g)
        {
            // setgroups is refused in a user namespace whose setgroups is "deny"; only call it when needed.
            if ((g.Length > 0 || CanSetGroups()) && Libc.Setgroups((nuint)g.Length, p) != 0)
                throw new SyscallException($"setgroups {string.Join(",", g)} (process.user.additionalGids)", Errno.Last);
        }
        if (Libc.Setresgid(user.Gid, user.Gid, user.Gid) != 0)
            throw new SyscallException($"setgid {user.Gid} (process.user.gid)", Errno.Last);
        if (Libc.Setresuid(user.Uid, user.Uid, user.Uid) != 0)
            throw new SyscallException($"setuid {user.Uid} (process.user.uid)", Errno.Last);
    }

    private static bool CanSetGroups()
    {
        try { return File.ReadAllText("/proc/self/setgroups").Trim() != "deny"; }
        catch (IOException) { return true; }
    }

    /// <summary>The final environment: process.env plus HOME from /etc/passwd when unset (as runc).</summary>
    public static List<string> Environment(Ocirt.Spec.Model.Process process)
    {
        var env = new List<string>(process.Env ?? []);
        if (!env.Any(e => e.StartsWith("HOME=")))
            env.Add("HOME=" + HomeOf(process.User.Uid));
        return env;
    }

    private static string HomeOf(uint uid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length >= 6 && f[2] == uid.ToString()) return f[5];
            }
        }
        catch (IOException) { }
        return "/";
    }
}
