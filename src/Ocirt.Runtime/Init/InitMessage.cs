using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec;

namespace Ocirt.Runtime.Init;

/// <summary>
/// The config message, parent → init: the runtime's decisions hand-encoded, then config.json's own
/// bytes, which the init parses with the same reader the parent used (SpecLoader.Parse). Before, the
/// whole InitConfig went through System.Text.Json: ~5 ms on each side, mostly first-use metadata.
/// The parent's two edits of the spec travel as fields: process.env (LISTEN_* fds) and linux.seccomp
/// left out when the init gets the compiled filter instead.
/// </summary>
internal static class InitMessage
{
    public static byte[] Encode(InitConfig cfg, ReadOnlySpan<byte> configJson)
    {
        var w = new Writer();
        w.Text(cfg.Id); w.Text(cfg.Bundle); w.Text(cfg.Rootfs);
        w.Int(cfg.NoPivot ? 1 : 0); w.Int(cfg.FifoFd); w.Int(cfg.PreserveFds); w.Int(cfg.Trace ? 1 : 0);
        w.Texts(cfg.NewNamespaces);
        w.Texts(cfg.Spec.Process?.Env);
        w.Int(cfg.Spec.Linux?.Seccomp == null ? 1 : 0);
        var seccomp = cfg.Seccomp;
        w.Int(seccomp == null ? 0 : 1);
        if (seccomp != null)
        {
            w.Bytes(seccomp.Bpf); w.Int((int)seccomp.Flags); w.Text(seccomp.ListenerPath); w.Text(seccomp.ListenerMetadata);
        }
        w.Int(cfg.NoNewKeyring ? 1 : 0);
        w.Int(cfg.IdMapFds?.Count ?? 0);
        foreach (var (mount, fd) in cfg.IdMapFds ?? []) { w.Int(mount); w.Int(fd); }
        w.Text(cfg.CgroupToJoinAfterSetup);
        w.Bytes(configJson);
        return w.ToArray();
    }

    public static InitConfig Decode(ReadOnlySpan<byte> payload)
    {
        var r = new Reader(payload);
        var cfg = new InitConfig
        {
            Id = r.Text()!, Bundle = r.Text()!, Rootfs = r.Text()!,
            NoPivot = r.Int() != 0, FifoFd = r.Int(), PreserveFds = r.Int(), Trace = r.Int() != 0,
            NewNamespaces = r.Texts() ?? [],
        };
        var env = r.Texts();
        bool withoutSeccomp = r.Int() != 0;
        if (r.Int() != 0)
            cfg.Seccomp = new Seccomp.SeccompProgram { Bpf = r.Bytes().ToArray(), Flags = (uint)r.Int(), ListenerPath = r.Text(), ListenerMetadata = r.Text() };
        cfg.NoNewKeyring = r.Int() != 0;
        int idMaps = r.Int();
        if (idMaps > 0)
        {
            cfg.IdMapFds = new Dictionary<int, int>(idMaps);
            for (int i = 0; i < idMaps; i++) cfg.IdMapFds[r.Int()] = r.Int();
        }
        cfg.CgroupToJoinAfterSetup = r.Text();
        Ocirt.Spec.Model.Spec spec;
        try { spec = SpecLoader.Parse(r.Bytes()); }
        catch (SpecException e) { throw new OcirtException("init: " + e.Message); }
        if (spec.Process != null) spec.Process.Env = env;
        if (withoutSeccomp && spec.Linux != null) spec.Linux.Seccomp = null;
        cfg.Spec = spec;
        return cfg;
    }

    /// <summary>Little-endian ints; byte strings as [i32 length][bytes], length -1 for null.</summary>
    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(4096);

        public void Int(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Int(bytes.Length);
            _buffer.Write(bytes);
        }

        public void Text(string? text)
        {
            if (text == null) { Int(-1); return; }
            int length = Encoding.UTF8.GetByteCount(text);
            Int(length);
            _buffer.Advance(Encoding.UTF8.GetBytes(text, _buffer.GetSpan(length)));
        }

        public void Texts(List<string>? texts)
        {
            if (texts == null) { Int(-1); return; }
            Int(texts.Count);
            foreach (string t in texts) Text(t);
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public int Int()
        {
            if (_rest.Length < 4) throw new OcirtException("init: truncated config message");
            int v = BinaryPrimitives.ReadInt32LittleEndian(_rest);
            _rest = _rest[4..];
            return v;
        }

        public ReadOnlySpan<byte> Bytes() => Take(Int());

        public string? Text()
        {
            int length = Int();
            return length == -1 ? null : Encoding.UTF8.GetString(Take(length));
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > _rest.Length) throw new OcirtException("init: truncated config message");
            var bytes = _rest[..length];
            _rest = _rest[length..];
            return bytes;
        }

        public List<string>? Texts()
        {
            int count = Int();
            if (count < 0) return null;
            var list = new List<string>(count);
            for (int i = 0; i < count; i++) list.Add(Text()!);
            return list;
        }
    }
}
