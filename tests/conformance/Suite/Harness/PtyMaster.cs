using System.Runtime.InteropServices;
using System.Text;

namespace Ocirt.Conformance.Harness;

/// <summary>The master side of a pty received over a console socket: write keystrokes, read the screen until a marker.</summary>
public sealed class PtyMaster(int fd) : IDisposable
{
    private readonly StringBuilder _seen = new();

    public string Seen => _seen.ToString();

    public void Write(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (write(fd, bytes, bytes.Length) != bytes.Length) throw new IOException($"write to the pty master: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Reads until marker appears (returns everything read so far) or throws after timeoutMs.</summary>
    public string ReadUntil(string marker, int timeoutMs = 10_000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        byte[] buf = new byte[4096];
        while (!_seen.ToString().Contains(marker))
        {
            int left = (int)(deadline - Environment.TickCount64);
            if (left <= 0) throw new TimeoutException($"'{marker}' not seen on the pty; seen: {_seen}");
            var pfd = new PollFd { Fd = fd, Events = 1 };
            if (poll(ref pfd, 1, Math.Min(left, 200)) <= 0) continue;
            int n = read(fd, buf, buf.Length);
            if (n <= 0) throw new IOException($"'{marker}' not seen before the pty closed (read {n}); seen: {_seen}");
            _seen.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
        return _seen.ToString();
    }

    public void Dispose() => close(fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd { public int Fd; public short Events; public short Revents; }

    [DllImport("libc", SetLastError = true)] private static extern int write(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int read(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int poll(ref PollFd fds, nuint n, int timeout);
    [DllImport("libc")] private static extern int close(int fd);
}
