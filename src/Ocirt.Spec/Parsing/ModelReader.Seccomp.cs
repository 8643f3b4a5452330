using System.Text.Json;
using Ocirt.Spec.Model;
using static Ocirt.Spec.Parsing.JsonFields;

namespace Ocirt.Spec.Parsing;

// Readers for linux.seccomp: one case a property, named as in the model's [JsonPropertyName], lower-cased.
internal static partial class ModelReader
{
    public static LinuxSeccomp ReadLinuxSeccomp(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxSeccomp();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "defaultaction": o.DefaultAction = Str(ref r)!; break;
                case "defaulterrnoret": o.DefaultErrnoRet = NU32(ref r); break;
                case "architectures": o.Architectures = StrList(ref r); break;
                case "flags": o.Flags = StrList(ref r); break;
                case "listenerpath": o.ListenerPath = Str(ref r); break;
                case "listenermetadata": o.ListenerMetadata = Str(ref r); break;
                case "syscalls": o.Syscalls = ListOf<LinuxSyscall>(ref r, ReadLinuxSyscall); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxSyscall ReadLinuxSyscall(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxSyscall();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "names": o.Names = StrList(ref r)!; break;
                case "action": o.Action = Str(ref r)!; break;
                case "errnoret": o.ErrnoRet = NU32(ref r); break;
                case "args": o.Args = ListOf<LinuxSeccompArg>(ref r, ReadLinuxSeccompArg); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxSeccompArg ReadLinuxSeccompArg(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxSeccompArg();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "index": o.Index = U32(ref r); break;
                case "value": o.Value = U64(ref r); break;
                case "valuetwo": o.ValueTwo = U64(ref r); break;
                case "op": o.Op = Str(ref r)!; break;
                default: r.Skip(); break;
            }
        return o;
    }
}
