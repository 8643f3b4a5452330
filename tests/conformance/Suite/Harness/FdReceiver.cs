using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// A unix stream socket that accepts one connection and receives one message with one file
/// descriptor attached (SCM_RIGHTS): what a seccomp agent or a console-socket peer does.
/// </summary>
public sealed class FdReceiver : IDisposable
{
    private readonly Socket _listener;
    private readonly Task<(string Payload, int Fd)> _received;
    public string Path { get; }

    public FdReceiver(string path)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(1);
        _received = Task.Run(() =>
        {
            using var conn = _listener.Accept();
            return ReceiveWithFd((int)conn.Handle);
        });
    }

    /// <summary>The payload and the received fd (owned by the caller), or throws after the timeout.</summary>
    public (string Payload, int Fd) Wait(int timeoutMs = 30_000)
    {
        if (!_received.Wait(timeoutMs)) throw new TimeoutException($"nothing received on {Path}");
        return _received.Result;
    }

    public bool Received => _received.IsCompletedSuccessfully;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec { public nint Base; public nuint Len; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr { public nint Name; public uint NameLen; public nint Iov; public nuint IovLen; public nint Control; public nuint ControlLen; public int Flags; }

    [DllImport("libc", SetLastError = true)]
    private static extern nint recvmsg(int fd, ref MsgHdr msg, int flags);

    [DllImport("libc")]
    public static extern int close(int fd);

    private static (string, int) ReceiveWithFd(int socket)
    {
        const int bufLen = 65536, controlLen = 24;
        nint buf = Marshal.AllocHGlobal(bufLen), control = Marshal.AllocHGlobal(controlLen), iov = Marshal.AllocHGlobal(Marshal.SizeOf<IoVec>());
        try
        {
            Marshal.StructureToPtr(new IoVec { Base = buf, Len = bufLen }, iov, false);
            var msg = new MsgHdr { Iov = iov, IovLen = 1, Control = control, ControlLen = controlLen };
            nint n = recvmsg(socket, ref msg, 0);
            if (n < 0) throw new IOException($"recvmsg: errno {Marshal.GetLastPInvokeError()}");
            int level = Marshal.ReadInt32(control, 8), type = Marshal.ReadInt32(control, 12);
            if (msg.ControlLen < 20 || level != 1 || type != 1) throw new IOException("no SCM_RIGHTS message received");
            return (Encoding.UTF8.GetString(Marshal.PtrToStringUTF8(buf, (int)n) is { } s ? Encoding.UTF8.GetBytes(s) : []), Marshal.ReadInt32(control, 16));
        }
        finally { Marshal.FreeHGlobal(buf); Marshal.FreeHGlobal(control); Marshal.FreeHGlobal(iov); }
    }

    public void Dispose()
    {
        _listener.Dispose();
        try { File.Delete(Path); } catch (IOException) { }
    }
}
