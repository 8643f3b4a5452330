using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Terminal;

/// <summary>exec -t: a pty from the container's devpts instance, opened from the host through /proc/PID/root.</summary>
internal sealed unsafe class ContainerPty : IDisposable
{
    public int Master { get; private set; } = -1;
    public int Peer { get; private set; } = -1;

    public static ContainerPty Open(string containerRoot, Ocirt.Spec.Model.Box? size)
    {
        var pty = new ContainerPty();
        try
        {
            pty.Master = Libc.Open(containerRoot + "/dev/pts/ptmx", OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC, 0);
            if (pty.Master < 0) throw new SyscallException("open the container's /dev/pts/ptmx", Errno.Last);
            int unlock = 0;
            Errno.Check(Tty.Ioctl(pty.Master, Tty.TIOCSPTLCK, &unlock), "unlockpt");
            uint n;
            Errno.Check(Tty.Ioctl(pty.Master, Tty.TIOCGPTN, &n), "ptsname");
            if (size is { } s)
            {
                var ws = new Tty.WinSize { Rows = (ushort)s.Height, Cols = (ushort)s.Width };
                Tty.Ioctl(pty.Master, Tty.TIOCSWINSZ, &ws);
            }
            // Without O_CLOEXEC: the forked child dup2s it onto 0/1/2 before execve.
            pty.Peer = Libc.Open($"{containerRoot}/dev/pts/{n}", OpenFlags.O_RDWR | OpenFlags.O_NOCTTY, 0);
            if (pty.Peer < 0) throw new SyscallException($"open the container's /dev/pts/{n}", Errno.Last);
            return pty;
        }
        catch
        {
            pty.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Master >= 0) Libc.Close(Master);
        if (Peer >= 0) Libc.Close(Peer);
        Master = Peer = -1;
    }
}
