using Ocirt.Runtime.Init;
using Ocirt.Runtime.Interop;
using Ocirt.Spec.Model;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Spawn;

/// <summary>What the fork-safe init needs, in managed terms (everything decided before the fork).</summary>
internal sealed record DirectInit(
    Ocirt.Spec.Model.Spec Spec,
    string Id,
    string Bundle,
    string Rootfs,
    int FifoFd,
    int PreserveFds,
    Seccomp.SeccompProgram? Seccomp,
    bool NoNewKeyring,
    bool Trace);

/// <summary>
/// Turns a container's setup into an <see cref="InitPlan"/> in native memory: the same steps, in the
/// same order and with the same error texts, as the re-executed `ocirt init` (RootfsSetup, Devices,
/// ProcessSetup). Configurations that need more (see <see cref="Unsupported"/>) keep the re-exec.
/// </summary>
internal static unsafe class InitPlanBuilder
{
    /// <summary>
    /// Why this container needs the re-executed init, or null when the fork-safe one can build it.
    /// Anything unusual goes to the re-exec, whose errors for bad input are the reference.
    /// </summary>
    public static string? Unsupported(Ocirt.Spec.Model.Spec spec, string bundle, IReadOnlyList<string> newNamespaces, bool noPivot, bool joinsCgroupLate,
        Seccomp.SeccompProgram? seccomp, int idMapFds)
    {
        var process = spec.Process!;
        var linux = spec.Linux;
        // For comparison and tests: the re-executed init, whatever the config.
        if (Environment.GetEnvironmentVariable("OCIRT_INIT") == "reexec") return "OCIRT_INIT=reexec";
        if (!SealedExecutable.IsProtected()) return "the ocirt binary is writable (neither on a read-only mount nor immutable)";
        if (!newNamespaces.Contains("mount")) return "no new mount namespace";
        // A joined user namespace may deny setgroups: the re-executed init reads /proc/self/setgroups first.
        if (linux?.Namespaces?.Any(n => n.Type == "user" && !string.IsNullOrEmpty(n.Path)) == true) return "joined user namespace";
        if (noPivot) return "--no-pivot";
        if (joinsCgroupLate) return "small memory limit (the init joins its cgroup after setup)";
        if (idMapFds > 0) return "id-mapped mounts";
        if (spec.Hooks is { } hooks && (hooks.CreateContainer is { Count: > 0 } || hooks.StartContainer is { Count: > 0 })) return "hooks run by the init";
        if (seccomp is { Notifies: true }) return "seccomp listener";
        if (Security.LsmLabels.ExecWrites(process, "process").Count > 0 || !string.IsNullOrEmpty(linux?.MountLabel)) return "LSM labels";
        if (process.Args is not { Count: > 0 } || (process.Rlimits?.Count ?? 0) > ProcessPlan.MaxRlimits) return "process";
        // Values the init would refuse: its wording is the reference.
        if (process.Rlimits?.Any(r => Ocirt.Spec.Names.RlimitTable.Number(r.Type) < 0) == true) return "rlimit type";
        try
        {
            if (process.Capabilities is { } caps)
            {
                Capabilities.Mask(caps.Bounding, "bounding");
                Capabilities.CheckGrantable(caps);
            }
            KernelAttributes.From(process, linux);
        }
        catch (Lifecycle.OcirtException) { return "process attributes"; }
        if (!string.IsNullOrEmpty(linux?.RootfsPropagation) && MountOptions.RootPropagation(linux.RootfsPropagation) == 0) return "rootfsPropagation";
        var mounts = spec.Mounts ?? [];
        foreach (var m in mounts)
        {
            if (!m.Destination.StartsWith('/')) return "relative mount destination";
            var opts = MountOptions.Parse(m.Options);
            if (opts.CopyUp || opts.IdMap) return "tmpcopyup or idmap";
            bool bind = opts.Bind || m.Type == "bind";
            if (bind && (m.Source == null || !SourceExists(bundle, m.Source))) return "bind mount source";
            if (!bind && string.IsNullOrEmpty(m.Type)) return "mount type";
            // HOME comes from the image's /etc/passwd, read before the fork: no mount may change it.
            if (m.Destination.TrimEnd('/') is "/etc" or "/etc/passwd" or "") return "mount over /etc/passwd";
        }
        foreach (var d in linux?.Devices ?? [])
            if (d.Type is not ("c" or "u" or "b" or "p")) return "device type";
        return null;
    }

    private static bool SourceExists(string bundle, string source) =>
        Directory.Exists(source = source.StartsWith('/') ? source : Path.Combine(bundle, source)) || File.Exists(source);

    public static InitPlan* Build(DirectInit init, NativeStrings native)
    {
        var b = new Builder(native);
        var spec = init.Spec;
        var process = spec.Process!;
        var plan = (InitPlan*)native.Alloc(sizeof(InitPlan));
        plan->Rootfs = native.String(init.Rootfs.TrimEnd('/'));
        plan->Trace = init.Trace ? 1 : 0;
        AddRootfs(b, init);
        AddDevices(b, spec, init.Rootfs.TrimEnd('/'));
        string cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
        // runc creates a missing cwd here, while the rootfs is still writable (root.readonly comes later).
        b.Resolve(cwd, 1, $"create cwd {cwd} (process.cwd)");
        if (spec.Hooks is { } hooks && (hooks.Prestart is { Count: > 0 } || hooks.CreateRuntime is { Count: > 0 }))
            b.Op(new InitOp { Kind = InitOpKind.ParentHooks, Msg = b.Message("init: the parent closed the channel during hooks") });
        int pivot = b.Message($"chdir {init.Rootfs}");
        b.Message("open the old root"); b.Message("pivot_root"); b.Message("fchdir to the old root");
        b.Message("mount old root as slave"); b.Message("unmount the old root");
        b.Op(new InitOp { Kind = InitOpKind.PivotRoot, A = native.String(init.Rootfs), Msg = pivot });
        AddFinish(b, spec);

        plan->OpCount = b.Ops.Count;
        plan->Ops = (InitOp*)native.Alloc(Math.Max(1, b.Ops.Count) * sizeof(InitOp));
        for (int i = 0; i < b.Ops.Count; i++) plan->Ops[i] = b.Ops[i];

        if (!init.NoNewKeyring)
        {
            plan->KeyringName = native.String("_ses." + init.Id);
            plan->KeyringMsg = b.Message("join a new session keyring (use --no-new-keyring to keep the caller's)");
        }
        if (process.OomScoreAdj is int adj)
        {
            plan->OomScoreAdj = native.String(adj.ToString());
            plan->OomScoreAdjPath = native.String("/proc/self/oom_score_adj");
            plan->OomMsg = b.Message($"process.oomScoreAdj: write {adj} to /proc/self/oom_score_adj");
            plan->OomDeniedMsg = b.Message($"process.oomScoreAdj: write {adj} to /proc/self/oom_score_adj: permission denied (lowering it needs CAP_SYS_RESOURCE)");
        }
        plan->FifoFd = init.FifoFd;
        plan->FifoPath = native.String($"/proc/self/fd/{init.FifoFd}");
        plan->FifoMsg = b.Message("open exec fifo");
        plan->PreserveFds = init.PreserveFds;
        AddProcess(b, plan, init, cwd);

        plan->Messages = native.Array(b.Messages);
        return plan;
    }

    /// <summary>Propagation of "/", the rootfs bound onto itself, then mounts[] in order (RootfsSetup.Prepare).</summary>
    private static void AddRootfs(Builder b, DirectInit init)
    {
        var spec = init.Spec;
        string rootfs = init.Rootfs;
        ulong rootPropagation = MountOptions.RootPropagation(spec.Linux?.RootfsPropagation);
        // An unbindable "/" would forbid the bind below: private until the switch, unbindable after it.
        ulong early = (rootPropagation & MS_UNBINDABLE) != 0 ? MS_PRIVATE | (rootPropagation & MS_REC) : rootPropagation;
        b.Mount(null, "/", null, early, null, "mount propagation of /");
        if ((early & MS_SHARED) != 0)
            b.Op(new InitOp { Kind = InitOpKind.MakeParentPrivate, A = b.Native.String(rootfs), Msg = b.Message($"mount propagation of the parent of {rootfs} to private") });
        b.Mount(rootfs, rootfs, null, MS_BIND | MS_REC, null, $"mount rootfs {rootfs} onto itself");

        var mounts = spec.Mounts ?? [];
        string hostCgroup = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            string dest = m.Destination;
            var opts = MountOptions.Parse(m.Options);
            if (opts.Bind || m.Type == "bind")
            {
                string source = m.Source!.StartsWith('/') ? m.Source : Path.Combine(init.Bundle, m.Source);
                b.Resolve(dest, Directory.Exists(source) ? 1u : 2u, $"create the mount target {dest} (mounts[{i}])");
                b.Op(new InitOp { Kind = InitOpKind.MountTarget, A = b.Native.String(source), Flags = MS_BIND | (opts.Recursive ? MS_REC : 0),
                    Msg = b.Message($"mount {source} to {dest} (mounts[{i}])") });
                if ((opts.Flags & ~MS_BIND) != 0)
                    b.Op(new InitOp { Kind = InitOpKind.RemountTarget, Flags = opts.Flags, Msg = b.Message($"remount {dest} with its options (mounts[{i}].options)") });
            }
            else
            {
                string type = m.Type!;
                b.Resolve(dest, 1, $"create the mount target {dest} (mounts[{i}])");
                if (type is "cgroup" or "cgroup2")
                    b.Op(new InitOp { Kind = InitOpKind.MountCgroup, A = b.Native.String(hostCgroup), Flags = opts.Flags,
                        Msg = b.Message($"mount cgroup2 to {dest} (mounts[{i}])"), Msg2 = b.Message($"mount cgroup2 (bind) to {dest} (mounts[{i}])") });
                else
                    b.Op(new InitOp { Kind = InitOpKind.MountTarget, A = b.Native.String(m.Source ?? type), C = b.Native.String(type), Flags = opts.Flags,
                        D = string.IsNullOrEmpty(opts.Data) ? null : b.Native.String(opts.Data), Msg = b.Message($"mount {type} to {dest} (mounts[{i}])") });
            }
            if ((opts.RecursiveSet | opts.RecursiveClear) != 0)
                b.Op(new InitOp { Kind = InitOpKind.SetRecursive, Flags = opts.RecursiveSet, Flags2 = opts.RecursiveClear,
                    Msg = b.Message($"mount_setattr mounts[{i}].options (recursive attributes of {dest})") });
            foreach (ulong step in opts.PropagationSteps)
                b.Op(new InitOp { Kind = InitOpKind.MountTarget, Flags = step, Msg = b.Message($"mount propagation of {dest} (mounts[{i}].options)") });
        }
    }

    /// <summary>The default devices and /dev symlinks when /dev is ours, then linux.devices (Devices.cs).</summary>
    private static void AddDevices(Builder b, Ocirt.Spec.Model.Spec spec, string rootfs)
    {
        const uint S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000, Mode0666 = 0x1B6;
        var mounts = spec.Mounts ?? [];
        bool devIsOurs = mounts.Any(m => m.Destination.TrimEnd('/') == "/dev" && !MountOptions.Parse(m.Options).Bind && m.Type != "bind");
        if (devIsOurs)
        {
            foreach (var (name, major, minor) in Devices.DefaultNodes)
                Node(b, "/dev/" + name, S_IFCHR, major, minor, Mode0666, 0, 0);
            foreach (var (link, target) in Devices.DefaultSymlinks)
                b.Op(new InitOp { Kind = InitOpKind.Symlink, A = b.Native.String(target), B = b.Native.String(rootfs + link),
                    Msg = b.Message($"symlink {target} {link}") });
        }
        foreach (var d in spec.Linux?.Devices ?? [])
        {
            uint type = d.Type switch { "b" => S_IFBLK, "p" => S_IFIFO, _ => S_IFCHR };
            Node(b, d.Path, type, (uint)d.Major, (uint)d.Minor, d.FileMode ?? Mode0666, d.Uid ?? 0, d.Gid ?? 0);
        }
    }

    private static void Node(Builder b, string path, uint type, uint major, uint minor, uint mode, uint uid, uint gid)
    {
        b.Resolve(path, 3, $"create the parent directory of {path}");
        int msg2 = b.Message($"mount device {path}");
        b.Message($"chmod {path}");
        b.Message($"chown {path}");
        b.Op(new InitOp { Kind = InitOpKind.Mknod, Mode = type | (mode & 0xFFF), Dev = Devices.MakeDev(major, minor), Uid = uid, Gid = gid,
            A = b.Native.String(path), Msg = b.Message($"mknod {path}"), Msg2 = msg2 });
    }

    /// <summary>After the switch (RootfsSetup.Finish): names, sysctls, read-only and masked paths, read-only root.</summary>
    private static void AddFinish(Builder b, Ocirt.Spec.Model.Spec spec)
    {
        var linux = spec.Linux;
        if (!string.IsNullOrEmpty(linux?.RootfsPropagation))
            b.Mount(null, "/", null, MountOptions.RootPropagation(linux.RootfsPropagation), null, "mount propagation of / (linux.rootfsPropagation)");
        if (spec.Hostname != null) Name(b, spec.Hostname, 0, $"sethostname {spec.Hostname} (hostname)");
        if (spec.Domainname != null) Name(b, spec.Domainname, 1, $"setdomainname {spec.Domainname} (domainname)");
        foreach (var (key, value) in linux?.Sysctl ?? [])
        {
            string path = "/proc/sys/" + key.Replace('.', '/');
            b.Op(new InitOp { Kind = InitOpKind.WriteFile, A = b.Native.String(path), B = b.Native.String(value),
                Length = System.Text.Encoding.UTF8.GetByteCount(value), Msg = b.Message($"linux.sysctl[\"{key}\"]: write {path}") });
        }
        foreach (string p in linux?.ReadonlyPaths ?? [])
            b.Op(new InitOp { Kind = InitOpKind.ReadonlyPath, A = b.Native.String(p),
                Msg = b.Message($"mount {p} onto itself (linux.readonlyPaths)"), Msg2 = b.Message($"remount {p} read-only (linux.readonlyPaths)") });
        foreach (string p in linux?.MaskedPaths ?? [])
            b.Op(new InitOp { Kind = InitOpKind.MaskPath, A = b.Native.String(p),
                Msg = b.Message($"mount tmpfs over {p} (linux.maskedPaths)"), Msg2 = b.Message($"mount /dev/null over {p} (linux.maskedPaths)") });
        if (spec.Root?.Readonly == true)
            b.Op(new InitOp { Kind = InitOpKind.Remount, B = b.Native.String("/"), Flags = MS_RDONLY, Msg = b.Message("remount root read-only (root.readonly)") });
        if (spec.Process!.Terminal)
        {
            int first = b.Message("open /dev/ptmx (process.terminal)");
            foreach (string m in new[] { "unlockpt", "ptsname", "set console size (process.consoleSize)", "open the console's /dev/pts peer",
                         "mount the console's /dev/pts peer to /dev/console", "dup2 console to fds 0-2 or set the controlling terminal (TIOCSCTTY)",
                         "send the console to ocirt" })
                b.Message(m);
            var size = spec.Process.ConsoleSize;
            b.Op(new InitOp { Kind = InitOpKind.Console, Msg = first, Mode = size == null ? 0u : 1u, Uid = size?.Height ?? 0, Gid = size?.Width ?? 0 });
        }
    }

    private static void Name(Builder b, string name, uint which, string message) =>
        b.Op(new InitOp { Kind = InitOpKind.SetName, A = b.Native.String(name), Length = System.Text.Encoding.UTF8.GetByteCount(name), Mode = which, Msg = b.Message(message) });

    /// <summary>The user process: ProcessPlan (as exec) plus the init's own error texts (ProcessSetup, ExecutableLookup).</summary>
    private static void AddProcess(Builder b, InitPlan* plan, DirectInit init, string cwd)
    {
        var process = init.Spec.Process!;
        var env = new List<string>(process.Env ?? []);
        if (!env.Any(e => e.StartsWith("HOME=")))
            env.Add("HOME=" + State.ContainerFiles.HomeFromPasswd(SecureJoin.Join(init.Rootfs, "/etc/passwd"), process.User.Uid));
        string name = process.Args![0];
        var candidates = ExecutableLookup.Candidates(name, env, cwd);
        plan->NameHasSlash = name.Contains('/') ? 1 : 0;
        var exec = new ExecProcess(process, candidates, env, -1, init.PreserveFds, init.Seccomp, Linux: init.Spec.Linux);
        plan->Process = ProcessPlanBuilder.Build(exec, b.Native);

        var rlimits = process.Rlimits ?? [];
        plan->RlimitMsg = b.Messages.Count;
        for (int i = 0; i < rlimits.Count; i++)
        {
            var r = rlimits[i];
            string what = $"setrlimit {r.Type} soft={r.Soft} hard={r.Hard} (process.rlimits[{i}])";
            b.Message(what);
            b.Message(what + " (raising a hard limit needs CAP_SYS_RESOURCE, which the runtime does not have)");
        }
        plan->KernelMsg = b.Message("personality (linux.personality)");
        b.Message("ioprio_set (process.ioPriority)");
        b.Message("sched_setattr (process.scheduler)");
        plan->BoundingMsg = b.Message("drop capabilities from the bounding set (process.capabilities.bounding)");
        plan->SetGroupsMsg = b.Message($"setgroups {string.Join(",", process.User.AdditionalGids ?? [])} (process.user.additionalGids)");
        plan->SetGidMsg = b.Message($"setgid {process.User.Gid} (process.user.gid)");
        plan->SetUidMsg = b.Message($"setuid {process.User.Uid} (process.user.uid)");
        plan->ChdirMsg = b.Message($"chdir to cwd (\"{cwd}\") set in config.json");
        plan->CwdOutsideMsg = b.Message($"current working directory (\"{cwd}\") is outside of the container's root (process.cwd)");
        plan->NotFoundMsg = b.Message($"exec: \"{name}\": executable file not found in $PATH");
        plan->StatMissingMsg = b.Message($"exec: \"{name}\": stat {name}: no such file or directory");
        plan->NotExecutableMsg = b.Message($"exec: \"{name}\": permission denied");
        plan->SeccompMsg = b.Message("install the seccomp filter (linux.seccomp)");
        plan->SeccompNeedsAdminMsg = b.Message("install the seccomp filter (linux.seccomp) (needs CAP_SYS_ADMIN or process.noNewPrivileges)");
        plan->CapsetMsg = b.Message("capset (process.capabilities)");
        plan->NoNewPrivilegesMsg = b.Message("prctl(PR_SET_NO_NEW_PRIVS) (process.noNewPrivileges)");
        plan->ExecMsg = b.Messages.Count;
        foreach (string c in candidates) b.Message($"exec {c}");
    }

    /// <summary>Collects ops and message texts.</summary>
    private sealed class Builder(NativeStrings native)
    {
        public NativeStrings Native { get; } = native;
        public List<InitOp> Ops { get; } = [];
        public List<string> Messages { get; } = [];

        public int Message(string text)
        {
            Messages.Add(text);
            return Messages.Count - 1;
        }

        public void Op(InitOp op) => Ops.Add(op);

        public void Mount(string? source, string target, string? fstype, ulong flags, string? data, string message) =>
            Op(new InitOp
            {
                Kind = InitOpKind.Mount, A = source == null ? null : Native.String(source), B = Native.String(target),
                C = fstype == null ? null : Native.String(fstype), D = data == null ? null : Native.String(data), Flags = flags, Msg = Message(message),
            });

        /// <summary>Target = the container path inside the rootfs; mode: 0 as is, 1 mkdir -p, 2 create a file, 3 parent dirs.</summary>
        public void Resolve(string containerPath, uint mode, string createMessage) =>
            Op(new InitOp
            {
                Kind = InitOpKind.Resolve, B = Native.String(containerPath), Mode = mode,
                Msg = Message($"secure join {containerPath}"), Msg2 = Message(createMessage),
            });
    }
}
