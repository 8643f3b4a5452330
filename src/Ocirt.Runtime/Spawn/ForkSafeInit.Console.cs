using Ocirt.Runtime.Interop;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Spawn;

/// <summary>FORK-SAFE ZONE (see ForkSafeInit): process.terminal, the pty whose master goes to the parent.</summary>
internal static unsafe partial class ForkSafeInit
{
    /// <summary>The container's console (ContainerConsole.Setup's steps); the master fd is sent to the parent and closed.</summary>
    private static int Console(int fd, InitOp* op, out int msg)
    {
        msg = op->Msg;
        int master = ForkSafeLibc.Open(Lit("/dev/ptmx\0"u8), OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_CLOEXEC, 0);
        if (master < 0) return Errno();
        int err = ConsolePeer(master, op, ref msg);
        if (err == 0)
        {
            msg = op->Msg + 7;
            SendFrame(fd, (byte)'T', null, 0);
            if (!SendFd(fd, master)) err = Errno();
        }
        ForkSafeLibc.Close(master);
        return err;
    }

    private static int ConsolePeer(int master, InitOp* op, ref int msg)
    {
        int unlock = 0;
        uint n = 0;
        msg = op->Msg + 1;
        if (ForkSafeLibc.Ioctl(master, Tty.TIOCSPTLCK, (long)&unlock) != 0) return Errno();
        msg = op->Msg + 2;
        if (ForkSafeLibc.Ioctl(master, Tty.TIOCGPTN, (long)&n) != 0) return Errno();
        if (op->Mode == 1)
        {
            ushort* ws = stackalloc ushort[4] { (ushort)op->Uid /* rows */, (ushort)op->Gid /* cols */, 0, 0 };
            msg = op->Msg + 3;
            if (ForkSafeLibc.Ioctl(master, Tty.TIOCSWINSZ, (long)ws) != 0) return Errno();
        }
        byte* peerPath = stackalloc byte[32];
        byte* digits = stackalloc byte[24];
        int len = Append(peerPath, 0, 31, Lit("/dev/pts/\0"u8));
        len = Append(peerPath, len, 31, Digits(n, digits));
        peerPath[len] = 0;
        msg = op->Msg + 4;
        int peer = ForkSafeLibc.Open(peerPath, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY, 0);
        if (peer < 0) return Errno();
        byte* console = stackalloc byte[16]; // writable: MkdirAll cuts paths in place
        Copy(console, Lit("/dev/console\0"u8), 16);
        msg = op->Msg + 5;
        int err = CreateFile(console);
        if (err == 0) err = Mount(peerPath, console, null, MS_BIND, null);
        msg = op->Msg + 6;
        for (int i = 0; i <= 2 && err == 0; i++)
            if (ForkSafeLibc.Dup2(peer, i) < 0) err = Errno();
        if (peer > 2) ForkSafeLibc.Close(peer);
        if (err != 0) return err;
        return ForkSafeLibc.Ioctl(0, Tty.TIOCSCTTY, 0) != 0 ? Errno() : 0;
    }

    /// <summary>The master with InitChannel's payload ("/dev/ptmx", as FdPassing.Send).</summary>
    private static bool SendFd(int socket, int passFd) => ForkSafeChild.SendBytesWithFd(socket, Lit("/dev/ptmx\0"u8), 9, passFd);
}
