using System.Text.Json;
using Ocirt.Spec.Model;
using static Ocirt.Spec.Parsing.JsonFields;

namespace Ocirt.Spec.Parsing;

// Readers for linux, except resources and seccomp: one case a property, named as in the model's [JsonPropertyName], lower-cased.
internal static partial class ModelReader
{
    public static Linux ReadLinux(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new Linux();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "uidmappings": o.UidMappings = ListOf<LinuxIdMapping>(ref r, ReadLinuxIdMapping); break;
                case "gidmappings": o.GidMappings = ListOf<LinuxIdMapping>(ref r, ReadLinuxIdMapping); break;
                case "sysctl": o.Sysctl = StrDict(ref r); break;
                case "resources": o.Resources = ReadLinuxResources(ref r); break;
                case "cgroupspath": o.CgroupsPath = Str(ref r); break;
                case "namespaces": o.Namespaces = ListOf<LinuxNamespace>(ref r, ReadLinuxNamespace); break;
                case "devices": o.Devices = ListOf<LinuxDevice>(ref r, ReadLinuxDevice); break;
                case "netdevices": o.NetDevices = DictOf<LinuxNetDevice>(ref r, ReadLinuxNetDevice); break;
                case "seccomp": o.Seccomp = ReadLinuxSeccomp(ref r); break;
                case "rootfspropagation": o.RootfsPropagation = Str(ref r); break;
                case "maskedpaths": o.MaskedPaths = StrList(ref r); break;
                case "readonlypaths": o.ReadonlyPaths = StrList(ref r); break;
                case "mountlabel": o.MountLabel = Str(ref r); break;
                case "intelrdt": o.IntelRdt = ReadLinuxIntelRdt(ref r); break;
                case "memorypolicy": o.MemoryPolicy = ReadLinuxMemoryPolicy(ref r); break;
                case "personality": o.Personality = ReadLinuxPersonality(ref r); break;
                case "timeoffsets": o.TimeOffsets = DictOf<LinuxTimeOffset>(ref r, ReadLinuxTimeOffset); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxIdMapping ReadLinuxIdMapping(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxIdMapping();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "containerid": o.ContainerId = U32(ref r); break;
                case "hostid": o.HostId = U32(ref r); break;
                case "size": o.Size = U32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxNamespace ReadLinuxNamespace(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxNamespace();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "type": o.Type = Str(ref r)!; break;
                case "path": o.Path = Str(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxDevice ReadLinuxDevice(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxDevice();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "path": o.Path = Str(ref r)!; break;
                case "type": o.Type = Str(ref r)!; break;
                case "major": o.Major = I64(ref r); break;
                case "minor": o.Minor = I64(ref r); break;
                case "filemode": o.FileMode = NU32(ref r); break;
                case "uid": o.Uid = NU32(ref r); break;
                case "gid": o.Gid = NU32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxTimeOffset ReadLinuxTimeOffset(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxTimeOffset();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "secs": o.Secs = I64(ref r); break;
                case "nanosecs": o.Nanosecs = U32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxIntelRdt ReadLinuxIntelRdt(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxIntelRdt();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "closid": o.ClosId = Str(ref r); break;
                case "schemata": o.Schemata = StrList(ref r); break;
                case "l3cacheschema": o.L3CacheSchema = Str(ref r); break;
                case "membwschema": o.MemBwSchema = Str(ref r); break;
                case "enablecmt": o.EnableCmt = Bool(ref r); break;
                case "enablembm": o.EnableMbm = Bool(ref r); break;
                case "enablemonitoring": o.EnableMonitoring = Bool(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxPersonality ReadLinuxPersonality(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxPersonality();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "domain": o.Domain = Str(ref r)!; break;
                case "flags": o.Flags = StrList(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxMemoryPolicy ReadLinuxMemoryPolicy(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxMemoryPolicy();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "mode": o.Mode = Str(ref r)!; break;
                case "nodes": o.Nodes = Str(ref r); break;
                case "flags": o.Flags = StrList(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxNetDevice ReadLinuxNetDevice(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxNetDevice();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "name": o.Name = Str(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }
}
