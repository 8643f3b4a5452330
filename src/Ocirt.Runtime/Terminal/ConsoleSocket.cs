using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Terminal;

/// <summary>The caller's --console-socket: connected before the container starts, receives the pty master.</summary>
internal sealed unsafe class ConsoleSocket : IDisposable
{
    private int _fd;

    private ConsoleSocket(int fd) => _fd = fd;

    public static ConsoleSocket Connect(string path) => new(UnixStream.Connect(path, "--console-socket"));

    /// <summary>Hands over the master with runc's payload (the master's name); the kernel queues it until accept.</summary>
    public void SendMaster(int master) => FdPassing.Send(_fd, master, "/dev/ptmx");

    public void Dispose()
    {
        if (_fd >= 0) Libc.Close(_fd);
        _fd = -1;
    }
}
