using System.Buffers;
using System.Text.Json;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// The seccomp cache's key: every field of linux.seccomp, as JSON written straight with
/// Utf8JsonWriter in one fixed order, nulls kept (so different profiles never share a key). The
/// source-generated serializer gave the same kind of text but warmed its metadata for the seccomp
/// types first: milliseconds on every start with a cached filter, once config.json no longer
/// goes through the serializer.
/// </summary>
internal static class SeccompProfileKey
{
    public static byte[] Of(LinuxSeccomp p)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("defaultAction", p.DefaultAction);
            Number(w, "defaultErrnoRet", p.DefaultErrnoRet);
            Strings(w, "architectures", p.Architectures);
            Strings(w, "flags", p.Flags);
            w.WriteString("listenerPath", p.ListenerPath);
            w.WriteString("listenerMetadata", p.ListenerMetadata);
            if (p.Syscalls == null) w.WriteNull("syscalls");
            else
            {
                w.WriteStartArray("syscalls");
                foreach (var s in p.Syscalls) Syscall(w, s);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Syscall(Utf8JsonWriter w, LinuxSyscall? s)
    {
        if (s == null) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        Strings(w, "names", s.Names);
        w.WriteString("action", s.Action);
        Number(w, "errnoRet", s.ErrnoRet);
        if (s.Args == null) w.WriteNull("args");
        else
        {
            w.WriteStartArray("args");
            foreach (var a in s.Args)
            {
                if (a == null) { w.WriteNullValue(); continue; }
                w.WriteStartObject();
                w.WriteNumber("index", a.Index);
                w.WriteNumber("value", a.Value);
                w.WriteNumber("valueTwo", a.ValueTwo);
                w.WriteString("op", a.Op);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is uint v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, List<string>? values)
    {
        if (values == null) { w.WriteNull(name); return; }
        w.WriteStartArray(name);
        foreach (string? v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
