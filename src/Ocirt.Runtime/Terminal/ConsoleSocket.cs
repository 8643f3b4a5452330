using System.Text;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Terminal;

/// <summary>The caller's --console-socket: connected before the container starts, receives the pty master.</summary>
internal sealed unsafe class ConsoleSocket : IDisposable
{
    private int _fd;

    private ConsoleSocket(int fd) => _fd = fd;

    public static ConsoleSocket Connect(string path)
    {
        int fd = Tty.Socket(1 /* AF_UNIX */, 1 | OpenFlags.O_CLOEXEC /* SOCK_STREAM|SOCK_CLOEXEC */, 0);
        if (fd < 0) throw new SyscallException("socket", Errno.Last);
        byte[] p = Encoding.UTF8.GetBytes(path);
        if (p.Length >= 108) { Libc.Close(fd); throw new OcirtException($"--console-socket {path}: path too long"); }
        byte* addr = stackalloc byte[110];
        new Span<byte>(addr, 110).Clear();
        *(ushort*)addr = 1; // AF_UNIX
        p.CopyTo(new Span<byte>(addr + 2, p.Length));
        if (Tty.Connect(fd, addr, (uint)(2 + p.Length + 1)) != 0)
        {
            int err = Errno.Last;
            Libc.Close(fd);
            throw new SyscallException($"connect to --console-socket {path}", err);
        }
        return new ConsoleSocket(fd);
    }

    /// <summary>Hands over the master with runc's payload (the master's name); the kernel queues it until accept.</summary>
    public void SendMaster(int master) => FdPassing.Send(_fd, master, "/dev/ptmx");

    public void Dispose()
    {
        if (_fd >= 0) Libc.Close(_fd);
        _fd = -1;
    }
}
