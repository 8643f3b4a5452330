using System.Runtime.InteropServices;

namespace Ocirt.Runtime.Interop;

/// <summary>posix_spawn: glibc uses clone(CLONE_VM|CLONE_VFORK), safe from a multi-threaded process.</summary>
internal static unsafe partial class PosixSpawn
{
    private const string L = "libc";

    [LibraryImport(L, EntryPoint = "posix_spawn")]
    public static partial int Spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(L, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* actions);

    [LibraryImport(L, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(void* actions, int fd, int newfd);

    /// <summary>glibc 2.34+: the child closes every fd from <paramref name="from"/> up, inherited or not.</summary>
    [LibraryImport(L, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int FileActionsAddCloseFrom(void* actions, int from);

    [LibraryImport(L, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* actions);

    [LibraryImport(L, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    /// <summary>sizeof(posix_spawn_file_actions_t) is 80 on x86_64 glibc; leave room.</summary>
    public const int FileActionsSize = 128;
}
