using System.Text;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Interop;

/// <summary>Connecting to a unix stream socket by path (console socket, seccomp listener).</summary>
internal static unsafe class UnixStream
{
    /// <summary>A connected close-on-exec socket; errors name <paramref name="what"/> (e.g. "--console-socket").</summary>
    public static int Connect(string path, string what)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        if (p.Length >= 108) throw new OcirtException($"{what} {path}: path too long");
        int fd = Tty.Socket(1 /* AF_UNIX */, 1 | OpenFlags.O_CLOEXEC /* SOCK_STREAM|SOCK_CLOEXEC */, 0);
        if (fd < 0) throw new SyscallException("socket", Errno.Last);
        byte* addr = stackalloc byte[110];
        new Span<byte>(addr, 110).Clear();
        *(ushort*)addr = 1; // AF_UNIX
        p.CopyTo(new Span<byte>(addr + 2, p.Length));
        if (Tty.Connect(fd, addr, (uint)(2 + p.Length + 1)) != 0)
        {
            int err = Errno.Last;
            Libc.Close(fd);
            throw new SyscallException($"connect to {what} {path}", err);
        }
        return fd;
    }
}
