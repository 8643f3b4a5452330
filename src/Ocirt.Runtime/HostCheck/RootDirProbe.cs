using System.Runtime.InteropServices;

namespace Ocirt.Runtime.HostCheck;

/// <summary>
/// Whether the state root (--root) can be used: a probe directory is created and removed in the root if it exists,
/// else in its nearest existing ancestor (where `create` would make the root). Nothing is left behind.
/// </summary>
public static class RootDirProbe
{
    public static (bool Writable, string Detail) Check(string root)
    {
        if (File.Exists(root)) return (false, $"{root} is a file, not a directory");
        bool exists = Directory.Exists(root);
        string? dir = exists ? root : Path.GetDirectoryName(root.TrimEnd('/'));
        while (dir != null && !Directory.Exists(dir)) dir = Path.GetDirectoryName(dir);
        if (dir == null) return (false, $"{root}: no existing parent directory");
        string probe = Path.Combine(dir, ".ocirt-check-" + Environment.ProcessId);
        if (Native.Mkdir(probe, 0x1c0) != 0)
        {
            int errno = Marshal.GetLastSystemError();
            return (false, $"{root}: cannot create in {dir}: mkdir {SyscallProbe.ErrnoName(errno)}");
        }
        Native.Rmdir(probe);
        return (true, exists ? $"{root} (exists, writable)" : $"{root} (missing; can be created in {dir})");
    }
}
