using Ocirt.Runtime.Interop;
using static Ocirt.Runtime.Interop.MountFlags;

namespace Ocirt.Runtime.Spawn;

/// <summary>FORK-SAFE ZONE (see ForkSafeInit): fixed-buffer text, error rendering helpers and raw syscalls.</summary>
internal static unsafe partial class ForkSafeInit
{
    /// <summary>Phase durations in µs, as text in a fixed buffer.</summary>
    private struct Trace(bool enabled)
    {
        private const int Capacity = 256;
        private fixed byte _text[Capacity];
        private long _last = enabled ? NowMicros() : 0;
        private readonly bool _enabled = enabled;
        public int Length { get; private set; }

        public readonly byte* Text
        {
            get { fixed (byte* p = _text) return p; }
        }

        public void Mark(ReadOnlySpan<byte> name)
        {
            if (!_enabled) return;
            long now = NowMicros();
            fixed (byte* p = _text)
            {
                int n = Length;
                if (n > 0 && n < Capacity) p[n++] = (byte)' ';
                n = Append(p, n, Capacity, Lit(name));
                byte* digits = stackalloc byte[24];
                n = Append(p, n, Capacity, Digits(now - _last, digits));
                Length = n;
            }
            _last = now;
        }

        private static long NowMicros()
        {
            long* ts = stackalloc long[2];
            ForkSafeLibc.Syscall(228 /* clock_gettime */, 1 /* CLOCK_MONOTONIC */, (long)ts, 0, 0, 0);
            return ts[0] * 1_000_000 + ts[1] / 1000;
        }
    }

    /// <summary>A non-negative number as decimal text in buf (24 bytes); returns where it starts.</summary>
    private static byte* Digits(long value, byte* buf)
    {
        int d = 23;
        buf[d] = 0;
        if (value < 0) value = 0;
        do { buf[--d] = (byte)('0' + value % 10); value /= 10; } while (value > 0);
        return buf + d;
    }

    /// <summary>A raw syscall: 0, or the errno.</summary>
    private static int Sys(long number, long a1, long a2, long a3, long a4, long a5) =>
        ForkSafeLibc.Syscall(number, a1, a2, a3, a4, a5) < 0 ? Errno() : 0;

    private static int Errno() => *ForkSafeLibc.ErrnoLocation();

    /// <summary>A NUL-terminated UTF-8 literal: it lives in read-only data, so the pointer stays valid.</summary>
    private static byte* Lit(ReadOnlySpan<byte> literal)
    {
        fixed (byte* p = literal) return p;
    }

    private static int Length(byte* s)
    {
        int n = 0;
        while (s[n] != 0) n++;
        return n;
    }

    /// <summary>Copies a NUL-terminated string; its length, or -1 when it does not fit.</summary>
    private static int Copy(byte* to, byte* from, int max)
    {
        int n = 0;
        while (from[n] != 0)
        {
            if (n >= max - 1) return -1;
            to[n] = from[n];
            n++;
        }
        to[n] = 0;
        return n;
    }

    private static int Append(byte* buf, int at, int max, byte* s)
    {
        for (int i = 0; s[i] != 0 && at < max; i++) buf[at++] = s[i];
        return at;
    }
}
