using Ocirt.Runtime.Interop;

namespace Ocirt.Runtime.Lifecycle;

/// <summary>
/// --pidfd-socket (runc 1.2, runc-contract.md §3.1): a pidfd of the container's init (payload "standard") or of an
/// exec'd process ("setns"), sent as one SCM_RIGHTS message over the caller's unix socket, so that the caller can
/// signal and wait for it without pid reuse races. Connected before the process exists, like --console-socket.
/// </summary>
internal sealed class PidfdSocket : IDisposable
{
    private int _fd;

    private PidfdSocket(int fd) => _fd = fd;

    public static PidfdSocket? Connect(string? path) => path == null ? null : new(UnixStream.Connect(path, "--pidfd-socket"));

    public void Send(int pid, string name)
    {
        int pidfd = (int)Libc.Syscall(Libc.SYS_pidfd_open, pid, 0, 0, 0, 0);
        if (pidfd < 0) throw new SyscallException($"--pidfd-socket: pidfd_open {pid}", Errno.Last);
        try { FdPassing.Send(_fd, pidfd, name); }
        finally { Libc.Close(pidfd); }
    }

    public void Dispose()
    {
        if (_fd >= 0) Libc.Close(_fd);
        _fd = -1;
    }
}
