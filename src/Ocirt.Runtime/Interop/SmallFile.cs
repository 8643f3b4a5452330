using System.Text;

namespace Ocirt.Runtime.Interop;

/// <summary>
/// Whole small files (/proc, cgroupfs, state.json) with bare open/read/write: no FileStream and no
/// exception for a missing file. Each create, run and delete reads a dozen of them, several absent
/// (memory.events without the memory controller, /proc/PID of an exited init); a thrown .NET
/// exception costs ~0.1 ms, a FileStream's setup tens of µs.
/// </summary>
internal static unsafe class SmallFile
{
    /// <summary>The file's bytes, or null (its errno in <paramref name="errno"/>) when it cannot be read.</summary>
    public static byte[]? TryReadBytes(string path, out int errno)
    {
        errno = 0;
        int fd = Libc.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0) { errno = Errno.Last; return null; }
        try
        {
            // procfs and cgroupfs report size 0: read until EOF, growing the buffer.
            byte[] buffer = new byte[4096];
            int used = 0;
            while (true)
            {
                if (used == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                nint n;
                fixed (byte* p = buffer) n = Libc.Read(fd, p + used, (nuint)(buffer.Length - used));
                if (n < 0 && Errno.Last == Errno.EINTR) continue;
                if (n < 0) { errno = Errno.Last; return null; }
                if (n == 0) break;
                used += (int)n;
            }
            return buffer.AsSpan(0, used).ToArray();
        }
        finally { Libc.Close(fd); }
    }

    public static byte[]? TryReadBytes(string path) => TryReadBytes(path, out _);

    /// <summary>The file as UTF-8 text, or null when it cannot be read.</summary>
    public static string? TryReadText(string path) => TryReadBytes(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Lines of the file (empty when it cannot be read).</summary>
    public static string[] Lines(string path) =>
        TryReadText(path)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Creates or truncates the file and writes all of content; 0 or the errno.</summary>
    public static int Write(string path, ReadOnlySpan<byte> content, uint mode = 0x1A4 /* 0644 */)
    {
        int fd = Libc.Open(path, OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC, mode);
        if (fd < 0) return Errno.Last;
        try
        {
            fixed (byte* p = content)
            {
                int off = 0;
                while (off < content.Length)
                {
                    nint n = Libc.Write(fd, p + off, (nuint)(content.Length - off));
                    if (n < 0 && Errno.Last == Errno.EINTR) continue;
                    if (n <= 0) return n < 0 ? Errno.Last : Errno.EIO;
                    off += (int)n;
                }
            }
            return 0;
        }
        finally { Libc.Close(fd); }
    }
}
