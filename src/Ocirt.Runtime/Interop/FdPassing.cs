using System.Runtime.InteropServices;
using System.Text;

namespace Ocirt.Runtime.Interop;

/// <summary>Sending and receiving one file descriptor over a unix socket (SCM_RIGHTS).</summary>
internal static unsafe partial class FdPassing
{
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec { public void* Base; public nuint Len; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name; public uint NameLen; public IoVec* Iov; public nuint IovLen;
        public void* Control; public nuint ControlLen; public int Flags;
    }

    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1;
    private const int ControlSpace = 24; // CMSG_SPACE(sizeof(int)) on x86_64
    private const int ControlLen = 20;   // CMSG_LEN(sizeof(int))

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint Sendmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint Recvmsg(int fd, MsgHdr* msg, int flags);

    /// <summary>Sends payload (non-empty) with one fd attached.</summary>
    public static void Send(int socket, int fdToSend, string payload)
    {
        byte[] data = Encoding.UTF8.GetBytes(payload.Length == 0 ? "\0" : payload);
        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        *(nuint*)control = ControlLen;
        *(int*)(control + 8) = SOL_SOCKET;
        *(int*)(control + 12) = SCM_RIGHTS;
        *(int*)(control + 16) = fdToSend;
        fixed (byte* p = data)
        {
            var iov = new IoVec { Base = p, Len = (nuint)data.Length };
            var msg = new MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = ControlSpace };
            if (Sendmsg(socket, &msg, 0x4000 /* MSG_NOSIGNAL */) < 0) throw new SyscallException("sendmsg (SCM_RIGHTS)", Errno.Last);
        }
    }

    /// <summary>Receives up to <paramref name="length"/> bytes and the fd attached to them, if any (else -1).</summary>
    public static (int Bytes, int Fd) ReceiveMaybeFd(int socket, byte* buffer, int length)
    {
        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        var iov = new IoVec { Base = buffer, Len = (nuint)length };
        var msg = new MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = ControlSpace };
        nint n;
        while ((n = Recvmsg(socket, &msg, 0x40000000 /* MSG_CMSG_CLOEXEC */)) < 0 && Errno.Last == Errno.EINTR) { }
        if (n < 0) throw new SyscallException("recvmsg", Errno.Last);
        bool hasFd = msg.ControlLen >= ControlLen && *(int*)(control + 12) == SCM_RIGHTS;
        return ((int)n, hasFd ? *(int*)(control + 16) : -1);
    }

    /// <summary>Receives one message with one fd attached; returns the fd.</summary>
    public static int Receive(int socket)
    {
        byte* buf = stackalloc byte[4096];
        byte* control = stackalloc byte[ControlSpace];
        var iov = new IoVec { Base = buf, Len = 4096 };
        var msg = new MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = ControlSpace };
        nint n;
        while ((n = Recvmsg(socket, &msg, 0x40000000 /* MSG_CMSG_CLOEXEC */)) < 0 && Errno.Last == Errno.EINTR) { }
        if (n < 0) throw new SyscallException("recvmsg (SCM_RIGHTS)", Errno.Last);
        if (msg.ControlLen < ControlLen || *(int*)(control + 12) != SCM_RIGHTS)
            throw new Lifecycle.OcirtException("recvmsg: no file descriptor received");
        return *(int*)(control + 16);
    }
}
