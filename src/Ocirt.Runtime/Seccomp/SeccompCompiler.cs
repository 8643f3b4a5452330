using Microsoft.Win32.SafeHandles;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// linux.seccomp → a classic BPF program, compiled by libseccomp in the runtime (never in the
/// container) with runc's rules: unknown syscall names are skipped, rules whose action is the
/// default are dropped, and several conditions on one argument become one rule each.
/// </summary>
public static unsafe class SeccompCompiler
{
    private const int MaxArgs = 6;

    public static byte[] Compile(LinuxSeccomp profile)
    {
        uint defaultAction = SeccompNumbers.Action(profile.DefaultAction, profile.DefaultErrnoRet, "linux.seccomp.defaultAction");
        nint ctx;
        try { ctx = LibSeccomp.Init(defaultAction); }
        catch (DllNotFoundException)
        {
            throw new OcirtException("linux.seccomp: libseccomp.so.2 cannot be loaded; install it (Debian: apt-get install libseccomp2)");
        }
        if (ctx == 0) throw new OcirtException($"linux.seccomp.defaultAction: libseccomp refused \"{profile.DefaultAction}\"");
        try
        {
            AddArchitectures(ctx, profile.Architectures);
            var calls = profile.Syscalls ?? [];
            for (int i = 0; i < calls.Count; i++) AddRule(ctx, calls[i], defaultAction, $"linux.seccomp.syscalls[{i}]");
            return Export(ctx);
        }
        finally { LibSeccomp.Release(ctx); }
    }

    private static void AddArchitectures(nint ctx, List<string>? architectures)
    {
        for (int i = 0; i < (architectures?.Count ?? 0); i++)
        {
            string name = SeccompNumbers.ArchitectureName(architectures![i]);
            uint token = LibSeccomp.ArchResolveName(name);
            if (token == 0) throw new OcirtException($"linux.seccomp.architectures[{i}]: libseccomp does not know \"{architectures[i]}\"");
            int rc = LibSeccomp.ArchAdd(ctx, token);
            if (rc < 0 && rc != -Errno.EEXIST)
                throw new OcirtException($"linux.seccomp.architectures[{i}]: adding \"{architectures[i]}\": {Errno.Text(-rc)}");
        }
    }

    private static void AddRule(nint ctx, LinuxSyscall call, uint defaultAction, string field)
    {
        uint action = SeccompNumbers.Action(call.Action, call.ErrnoRet, field + ".action");
        // A rule that does what the default does is a no-op, and libseccomp rejects it.
        if (action == defaultAction) return;
        var args = call.Args ?? [];
        var conditions = new LibSeccomp.ArgCmp[args.Count];
        var perIndex = new int[MaxArgs];
        for (int j = 0; j < args.Count; j++)
        {
            var a = args[j];
            if (a.Index >= MaxArgs) throw new OcirtException($"{field}.args[{j}].index: must be between 0 and 5 (got {a.Index})");
            conditions[j] = new LibSeccomp.ArgCmp
            {
                Arg = a.Index, Op = SeccompNumbers.Operator(a.Op, $"{field}.args[{j}].op"), DatumA = a.Value, DatumB = a.ValueTwo,
            };
            perIndex[a.Index]++;
        }
        // libseccomp cannot AND two conditions on one argument: like runc, add them as separate rules.
        bool repeated = perIndex.Any(n => n > 1);
        foreach (string name in call.Names)
        {
            int nr = LibSeccomp.SyscallResolveName(name);
            if (nr == LibSeccomp.NrError) continue; // unknown to this libseccomp/arch: skipped, as runc does
            if (repeated)
            {
                for (int j = 0; j < conditions.Length; j++) Add(ctx, action, nr, conditions.AsSpan(j, 1), field, name);
            }
            else
            {
                Add(ctx, action, nr, conditions, field, name);
            }
        }
    }

    private static void Add(nint ctx, uint action, int nr, ReadOnlySpan<LibSeccomp.ArgCmp> conditions, string field, string name)
    {
        int rc;
        fixed (LibSeccomp.ArgCmp* p = conditions) rc = LibSeccomp.RuleAddArray(ctx, action, nr, (uint)conditions.Length, p);
        if (rc < 0) throw new OcirtException($"{field}: libseccomp refused the rule for \"{name}\": {Errno.Text(-rc)}");
    }

    /// <summary>seccomp_export_bpf writes to an fd: a memfd keeps it in memory.</summary>
    private static byte[] Export(nint ctx)
    {
        byte* name = stackalloc byte[] { (byte)'b', (byte)'p', (byte)'f', 0 };
        int fd = (int)Libc.Syscall(SysMemfdCreate, (long)name, 1 /* MFD_CLOEXEC */, 0, 0, 0);
        if (fd < 0) throw new SyscallException("memfd_create (seccomp export)", Errno.Last);
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        int rc = LibSeccomp.ExportBpf(ctx, fd);
        if (rc < 0) throw new OcirtException($"linux.seccomp: libseccomp could not export the filter: {Errno.Text(-rc)}");
        long length = RandomAccess.GetLength(handle);
        if (length == 0 || length % 8 != 0) throw new OcirtException($"linux.seccomp: libseccomp exported a malformed filter ({length} bytes)");
        if (length / 8 > MaxInstructions)
            throw new OcirtException($"linux.seccomp: the filter has {length / 8} instructions, more than the kernel's {MaxInstructions}");
        var program = new byte[length];
        RandomAccess.Read(handle, program, 0);
        return program;
    }

    private const long SysMemfdCreate = 319;
    public const int MaxInstructions = 4096;
}
