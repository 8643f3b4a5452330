using System.Runtime.InteropServices;
using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Terminal;

/// <summary>
/// Foreground run with process.terminal: our stdin (raw, when it is a tty) → pty master → our
/// stdout; window size follows SIGWINCH; the tty is restored on exit.
/// </summary>
internal sealed unsafe class TerminalProxy : IDisposable
{
    private readonly int _master;
    private readonly byte[]? _savedTermios;
    private readonly Thread _output;
    private readonly PosixSignalRegistration? _winch;

    public TerminalProxy(int master)
    {
        _master = master;
        if (Tty.Isatty(0) == 1)
        {
            _savedTermios = new byte[Tty.TermiosSize];
            fixed (byte* t = _savedTermios)
            {
                if (Tty.Tcgetattr(0, t) == 0)
                {
                    byte* raw = stackalloc byte[Tty.TermiosSize];
                    Buffer.MemoryCopy(t, raw, Tty.TermiosSize, Tty.TermiosSize);
                    Tty.Cfmakeraw(raw);
                    Tty.Tcsetattr(0, 0 /* TCSANOW */, raw);
                }
            }
            CopyWindowSize();
            _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => CopyWindowSize());
        }
        var input = new Thread(() => Pump(0, _master, closeDestination: false)) { IsBackground = true, Name = "tty-in" };
        _output = new Thread(() => Pump(_master, 1, closeDestination: false)) { IsBackground = true, Name = "tty-out" };
        input.Start();
        _output.Start();
    }

    private void CopyWindowSize()
    {
        Tty.WinSize ws;
        if (Tty.Ioctl(0, Tty.TIOCGWINSZ, &ws) == 0) Tty.Ioctl(_master, Tty.TIOCSWINSZ, &ws);
    }

    private static void Pump(int from, int to, bool closeDestination)
    {
        byte* buf = stackalloc byte[8192];
        while (true)
        {
            nint n = Libc.Read(from, buf, 8192);
            if (n < 0 && Errno.Last == Errno.EINTR) continue;
            if (n <= 0) break; // EOF, or EIO once every holder of the pty peer has exited
            for (nint off = 0; off < n;)
            {
                nint w = Libc.Write(to, buf + off, (nuint)(n - off));
                if (w < 0 && Errno.Last == Errno.EINTR) continue;
                if (w <= 0) return;
                off += w;
            }
        }
        if (closeDestination) Libc.Close(to);
    }

    /// <summary>Waits briefly for the last output to be copied, then restores the caller's tty.</summary>
    public void Dispose()
    {
        _output.Join(2000);
        _winch?.Dispose();
        if (_savedTermios != null)
            fixed (byte* t = _savedTermios) Tty.Tcsetattr(0, 0, t);
        Libc.Close(_master);
    }
}
