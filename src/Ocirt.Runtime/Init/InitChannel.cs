using System.Buffers.Binary;
using System.Text;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Init;

/// <summary>
/// Framed messages between the parent and the init over their socketpair:
/// [u32 length][u8 kind][payload]. Errors from inside the container travel back this way.
/// </summary>
internal sealed unsafe class InitChannel(int fd) : IDisposable
{
    public const byte Config = (byte)'C';
    public const byte Ready = (byte)'R';
    public const byte Error = (byte)'E';
    /// <summary>init → parent: run prestart/createRuntime hooks now (mounts done, before pivot_root).</summary>
    public const byte RunHooks = (byte)'H';
    /// <summary>parent → init: the hooks ran, go on.</summary>
    public const byte HooksDone = (byte)'h';
    /// <summary>init → parent: the pty master follows as one SCM_RIGHTS message.</summary>
    public const byte TerminalMaster = (byte)'T';
    /// <summary>init → parent: the seccomp listener fd follows as one SCM_RIGHTS message.</summary>
    public const byte SeccompListener = (byte)'S';

    /// <summary>init → parent: setup done, move me into the container's cgroup now (small memory limits).</summary>
    public const byte JoinCgroup = (byte)'G';
    /// <summary>parent → init: you are in the container's cgroup, its limits written.</summary>
    public const byte CgroupJoined = (byte)'g';

    /// <summary>parent → init: state.json is written, create has finished: stop dying with the parent, wait for start.</summary>
    public const byte Created = (byte)'D';

    public int Fd { get; private set; } = fd;

    public void Send(byte kind, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = kind;
        payload.CopyTo(frame.AsSpan(5));
        fixed (byte* p = frame)
        {
            int off = 0;
            while (off < frame.Length)
            {
                nint n = Libc.Write(Fd, p + off, (nuint)(frame.Length - off));
                if (n < 0 && Errno.Last == Errno.EINTR) continue;
                if (n <= 0) throw new SyscallException("init channel: write", Errno.Last);
                off += (int)n;
            }
        }
    }

    public void SendText(byte kind, string text) => Send(kind, Encoding.UTF8.GetBytes(text));

    /// <summary>Receives one frame; null when the peer closed the channel. timeoutMs &lt; 0 waits forever.</summary>
    public (byte Kind, byte[] Payload)? Receive(int timeoutMs = -1, Func<bool>? peerAlive = null)
    {
        byte[] header = new byte[5];
        if (!ReadExactly(header, timeoutMs, peerAlive)) return null;
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > 64 << 20) throw new OcirtException("init channel: oversized message");
        byte[] payload = new byte[length];
        if (!ReadExactly(payload, timeoutMs, peerAlive)) return null;
        return (header[4], payload);
    }

    private bool ReadExactly(byte[] buffer, int timeoutMs, Func<bool>? peerAlive)
    {
        int got = 0;
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        fixed (byte* p = buffer)
        {
            while (got < buffer.Length)
            {
                var pfd = new PollFd { Fd = Fd, Events = 1 };
                int r = Libc.Poll(&pfd, 1, 200);
                if (r < 0 && Errno.Last == Errno.EINTR) continue;
                if (r == 0)
                {
                    if (Environment.TickCount64 > deadline) throw new OcirtException("init channel: timed out waiting for the container init");
                    if (peerAlive != null && !peerAlive()) return false;
                    continue;
                }
                nint n = Libc.Read(Fd, p + got, (nuint)(buffer.Length - got));
                if (n < 0 && Errno.Last == Errno.EINTR) continue;
                if (n <= 0) return false;
                got += (int)n;
            }
        }
        return true;
    }

    public void Dispose()
    {
        if (Fd >= 0) Libc.Close(Fd);
        Fd = -1;
    }
}
