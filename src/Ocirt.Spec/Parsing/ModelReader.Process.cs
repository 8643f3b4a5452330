using System.Text.Json;
using Ocirt.Spec.Model;
using static Ocirt.Spec.Parsing.JsonFields;

namespace Ocirt.Spec.Parsing;

// Readers for process and its attributes: one case a property, named as in the model's [JsonPropertyName], lower-cased.
internal static partial class ModelReader
{
    public static Process ReadProcess(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Process();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "terminal": o.Terminal = Bool(ref r); break;
                case "consolesize": o.ConsoleSize = ReadBox(ref r); break;
                case "user": o.User = ReadUser(ref r); break;
                case "args": o.Args = StrList(ref r); break;
                case "commandline": o.CommandLine = Str(ref r); break;
                case "env": o.Env = StrList(ref r); break;
                case "cwd": o.Cwd = Str(ref r)!; break;
                case "capabilities": o.Capabilities = ReadLinuxCapabilities(ref r); break;
                case "rlimits": o.Rlimits = ListOf<PosixRlimit>(ref r, ReadPosixRlimit); break;
                case "nonewprivileges": o.NoNewPrivileges = Bool(ref r); break;
                case "apparmorprofile": o.ApparmorProfile = Str(ref r); break;
                case "oomscoreadj": o.OomScoreAdj = NI32(ref r); break;
                case "scheduler": o.Scheduler = ReadScheduler(ref r); break;
                case "selinuxlabel": o.SelinuxLabel = Str(ref r); break;
                case "iopriority": o.IoPriority = ReadLinuxIOPriority(ref r); break;
                case "execcpuaffinity": o.ExecCpuAffinity = ReadCpuAffinity(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Box ReadBox(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Box();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "height": o.Height = U32(ref r); break;
                case "width": o.Width = U32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static User ReadUser(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new User();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "uid": o.Uid = U32(ref r); break;
                case "gid": o.Gid = U32(ref r); break;
                case "umask": o.Umask = NU32(ref r); break;
                case "additionalgids": o.AdditionalGids = ListOf<uint>(ref r, U32); break;
                case "username": o.Username = Str(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxCapabilities ReadLinuxCapabilities(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxCapabilities();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "bounding": o.Bounding = StrList(ref r); break;
                case "effective": o.Effective = StrList(ref r); break;
                case "inheritable": o.Inheritable = StrList(ref r); break;
                case "permitted": o.Permitted = StrList(ref r); break;
                case "ambient": o.Ambient = StrList(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static PosixRlimit ReadPosixRlimit(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new PosixRlimit();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "type": o.Type = Str(ref r)!; break;
                case "hard": o.Hard = U64(ref r); break;
                case "soft": o.Soft = U64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Scheduler ReadScheduler(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Scheduler();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "policy": o.Policy = Str(ref r)!; break;
                case "nice": o.Nice = I32(ref r); break;
                case "priority": o.Priority = I32(ref r); break;
                case "flags": o.Flags = StrList(ref r); break;
                case "runtime": o.Runtime = U64(ref r); break;
                case "deadline": o.Deadline = U64(ref r); break;
                case "period": o.Period = U64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxIOPriority ReadLinuxIOPriority(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxIOPriority();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "class": o.Class = Str(ref r)!; break;
                case "priority": o.Priority = I32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static CpuAffinity ReadCpuAffinity(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new CpuAffinity();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "initial": o.Initial = Str(ref r); break;
                case "final": o.Final = Str(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }
}
