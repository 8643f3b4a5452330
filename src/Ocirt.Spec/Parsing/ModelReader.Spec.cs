using System.Text.Json;
using Ocirt.Spec.Model;
using static Ocirt.Spec.Parsing.JsonFields;

namespace Ocirt.Spec.Parsing;

// Readers for the root of config.json, root, mounts and hooks: one case a property, named as in the model's [JsonPropertyName], lower-cased.
internal static partial class ModelReader
{
    public static Model.Spec ReadSpec(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Model.Spec();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "ociversion": o.OciVersion = Str(ref r)!; break;
                case "process": o.Process = ReadProcess(ref r); break;
                case "root": o.Root = ReadRoot(ref r); break;
                case "hostname": o.Hostname = Str(ref r); break;
                case "domainname": o.Domainname = Str(ref r); break;
                case "mounts": o.Mounts = ListOf<Mount>(ref r, ReadMount); break;
                case "hooks": o.Hooks = ReadHooks(ref r); break;
                case "annotations": o.Annotations = StrDict(ref r); break;
                case "linux": o.Linux = ReadLinux(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Root ReadRoot(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Root();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "path": o.Path = Str(ref r)!; break;
                case "readonly": o.Readonly = Bool(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Mount ReadMount(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Mount();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "destination": o.Destination = Str(ref r)!; break;
                case "type": o.Type = Str(ref r); break;
                case "source": o.Source = Str(ref r); break;
                case "options": o.Options = StrList(ref r); break;
                case "uidmappings": o.UidMappings = ListOf<LinuxIdMapping>(ref r, ReadLinuxIdMapping); break;
                case "gidmappings": o.GidMappings = ListOf<LinuxIdMapping>(ref r, ReadLinuxIdMapping); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Hooks ReadHooks(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Hooks();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "prestart": o.Prestart = ListOf<Hook>(ref r, ReadHook); break;
                case "createruntime": o.CreateRuntime = ListOf<Hook>(ref r, ReadHook); break;
                case "createcontainer": o.CreateContainer = ListOf<Hook>(ref r, ReadHook); break;
                case "startcontainer": o.StartContainer = ListOf<Hook>(ref r, ReadHook); break;
                case "poststart": o.Poststart = ListOf<Hook>(ref r, ReadHook); break;
                case "poststop": o.Poststop = ListOf<Hook>(ref r, ReadHook); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static Hook ReadHook(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Hook();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "path": o.Path = Str(ref r)!; break;
                case "args": o.Args = StrList(ref r); break;
                case "env": o.Env = StrList(ref r); break;
                case "timeout": o.Timeout = NI32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }
}
