using System.Text;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Diagnostics;

/// <summary>
/// Plain write(2) to fds 1 and 2. System.Console's Unix setup (a signal thread, terminal handling)
/// costs milliseconds on every command that only prints a line.
/// </summary>
public static unsafe class StdStreams
{
    public static void Out(string text) => Write(1, text);
    public static void Err(string text) => Write(2, text);
    public static void ErrLine(string text) => Write(2, text + "\n");

    private static void Write(int fd, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            int off = 0;
            while (off < bytes.Length)
            {
                nint n = Libc.Write(fd, p + off, (nuint)(bytes.Length - off));
                if (n < 0 && Errno.Last == Errno.EINTR) continue;
                if (n <= 0) return; // a closed stdout is not worth failing the command for
                off += (int)n;
            }
        }
    }
}
