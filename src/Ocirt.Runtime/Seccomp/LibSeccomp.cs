using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// libseccomp.so.2, bound lazily: NativeAOT resolves these on first call, so the library is loaded
/// only when a config has linux.seccomp (and only on a cache miss).
/// </summary>
internal static unsafe partial class LibSeccomp
{
    private const string Lib = "libseccomp.so.2";

    /// <summary>struct scmp_arg_cmp.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ArgCmp { public uint Arg; public int Op; public ulong DatumA; public ulong DatumB; }

    [StructLayout(LayoutKind.Sequential)]
    public struct Version { public uint Major, Minor, Micro; }

    /// <summary>seccomp_syscall_resolve_name's answer for a name it does not know.</summary>
    public const int NrError = -1;

    [LibraryImport(Lib, EntryPoint = "seccomp_init")]
    public static partial nint Init(uint defaultAction);

    [LibraryImport(Lib, EntryPoint = "seccomp_release")]
    public static partial void Release(nint ctx);

    [LibraryImport(Lib, EntryPoint = "seccomp_arch_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint ArchResolveName(string name);

    [LibraryImport(Lib, EntryPoint = "seccomp_arch_add")]
    public static partial int ArchAdd(nint ctx, uint archToken);

    [LibraryImport(Lib, EntryPoint = "seccomp_syscall_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SyscallResolveName(string name);

    [LibraryImport(Lib, EntryPoint = "seccomp_rule_add_array")]
    public static partial int RuleAddArray(nint ctx, uint action, int syscall, uint argCount, ArgCmp* args);

    [LibraryImport(Lib, EntryPoint = "seccomp_export_bpf")]
    public static partial int ExportBpf(nint ctx, int fd);

    [LibraryImport(Lib, EntryPoint = "seccomp_version")]
    public static partial Version* GetVersion();
}
