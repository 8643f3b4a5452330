using Ocirt.Runtime.Init;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Terminal;

/// <summary>
/// Init side of process.terminal: a pty from the container's own devpts, the peer bound on
/// /dev/console and made the controlling terminal on 0/1/2; the master goes to the parent.
/// </summary>
internal static unsafe class ContainerConsole
{
    /// <summary>Allocates the pty; returns the master fd (to be sent to the parent).</summary>
    public static int Setup(Ocirt.Spec.Model.Box? size, bool bindDevConsole)
    {
        int master = Libc.Open("/dev/ptmx", OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC, 0);
        if (master < 0) throw new SyscallException("open /dev/ptmx (process.terminal)", Errno.Last);
        int unlock = 0;
        Errno.Check(Tty.Ioctl(master, Tty.TIOCSPTLCK, &unlock), "unlockpt");
        uint n;
        Errno.Check(Tty.Ioctl(master, Tty.TIOCGPTN, &n), "ptsname");
        string peerPath = $"/dev/pts/{n}";
        if (size is { } s)
        {
            var ws = new Tty.WinSize { Rows = (ushort)s.Height, Cols = (ushort)s.Width };
            Errno.Check(Tty.Ioctl(master, Tty.TIOCSWINSZ, &ws), "set console size (process.consoleSize)");
        }
        int peer = Libc.Open(peerPath, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY, 0);
        if (peer < 0) throw new SyscallException($"open {peerPath}", Errno.Last);

        if (bindDevConsole)
        {
            RootfsSetup.CreateTarget("/dev/console", directory: false);
            Mounter.Mount(peerPath, "/dev/console", null, MountFlags.MS_BIND, null, $"{peerPath} to /dev/console");
        }

        for (int fd = 0; fd <= 2; fd++) Errno.Check(Tty.Dup2(peer, fd), $"dup2 console to fd {fd}");
        if (peer > 2) Libc.Close(peer);
        Errno.Check(Tty.IoctlInt(0, Tty.TIOCSCTTY, 0), "set the controlling terminal (TIOCSCTTY)");
        return master;
    }
}
