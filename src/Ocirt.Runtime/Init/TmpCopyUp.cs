using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Init;

/// <summary>
/// The "tmpcopyup" mount option: a tmpfs that starts with a copy of the directory it covers. The
/// covered directory is kept open (O_PATH) before the tmpfs goes on top and read back through
/// /proc/self/fd, so no temporary directory or mount is needed anywhere.
/// </summary>
internal static class TmpCopyUp
{
    public static void Mount(string source, string dest, ulong flags, string? data, string what)
    {
        int below = Libc.Open(dest, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
        if (below < 0) throw new SyscallException($"open {dest} (tmpcopyup)", Errno.Last);
        try
        {
            // Writable while copying; the requested flags (maybe ro) come after.
            Mounter.Mount(source, dest, "tmpfs", flags & ~MountFlags.MS_RDONLY, data, what);
            try { CopyTree($"/proc/self/fd/{below}", dest); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            { throw new OcirtException($"copy up into {what}: {ErrorText.Of(e)}"); }
            if ((flags & MountFlags.MS_RDONLY) != 0) Mounter.Remount(dest, flags, what);
        }
        finally { Libc.Close(below); }
    }

    /// <summary>Directories, files and symlinks with their modes and owners (runc's copy does the same).</summary>
    private static void CopyTree(string from, string to)
    {
        var dir = new DirectoryInfo(from);
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget != null)
                File.CreateSymbolicLink(target, entry.LinkTarget);
            else if (entry is DirectoryInfo sub)
            {
                Directory.CreateDirectory(target);
                CopyTree(sub.FullName, target);
                File.SetUnixFileMode(target, sub.UnixFileMode);
            }
            else if (entry is FileInfo file && (file.Attributes & FileAttributes.Device) == 0)
            {
                file.CopyTo(target);
                File.SetUnixFileMode(target, file.UnixFileMode);
            }
            FileOwner.CopyOwner(entry.FullName, target);
        }
    }
}
