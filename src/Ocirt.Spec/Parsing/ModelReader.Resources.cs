using System.Text.Json;
using Ocirt.Spec.Model;
using static Ocirt.Spec.Parsing.JsonFields;

namespace Ocirt.Spec.Parsing;

// Readers for linux.resources: one case a property, named as in the model's [JsonPropertyName], lower-cased.
internal static partial class ModelReader
{
    public static LinuxResources ReadLinuxResources(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxResources();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "devices": o.Devices = ListOf<LinuxDeviceCgroup>(ref r, ReadLinuxDeviceCgroup); break;
                case "memory": o.Memory = ReadLinuxMemory(ref r); break;
                case "cpu": o.Cpu = ReadLinuxCpu(ref r); break;
                case "pids": o.Pids = ReadLinuxPids(ref r); break;
                case "blockio": o.BlockIO = ReadLinuxBlockIO(ref r); break;
                case "hugepagelimits": o.HugepageLimits = ListOf<LinuxHugepageLimit>(ref r, ReadLinuxHugepageLimit); break;
                case "network": o.Network = ReadLinuxNetwork(ref r); break;
                case "rdma": o.Rdma = DictOf<LinuxRdma>(ref r, ReadLinuxRdma); break;
                case "unified": o.Unified = StrDict(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxDeviceCgroup ReadLinuxDeviceCgroup(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxDeviceCgroup();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "allow": o.Allow = Bool(ref r); break;
                case "type": o.Type = Str(ref r); break;
                case "major": o.Major = NI64(ref r); break;
                case "minor": o.Minor = NI64(ref r); break;
                case "access": o.Access = Str(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxMemory ReadLinuxMemory(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxMemory();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "limit": o.Limit = NI64(ref r); break;
                case "reservation": o.Reservation = NI64(ref r); break;
                case "swap": o.Swap = NI64(ref r); break;
                case "kernel": o.Kernel = NI64(ref r); break;
                case "kerneltcp": o.KernelTcp = NI64(ref r); break;
                case "swappiness": o.Swappiness = NU64(ref r); break;
                case "disableoomkiller": o.DisableOomKiller = NBool(ref r); break;
                case "usehierarchy": o.UseHierarchy = NBool(ref r); break;
                case "checkbeforeupdate": o.CheckBeforeUpdate = NBool(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxCpu ReadLinuxCpu(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxCpu();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "shares": o.Shares = NU64(ref r); break;
                case "quota": o.Quota = NI64(ref r); break;
                case "burst": o.Burst = NU64(ref r); break;
                case "period": o.Period = NU64(ref r); break;
                case "realtimeruntime": o.RealtimeRuntime = NI64(ref r); break;
                case "realtimeperiod": o.RealtimePeriod = NU64(ref r); break;
                case "cpus": o.Cpus = Str(ref r); break;
                case "mems": o.Mems = Str(ref r); break;
                case "idle": o.Idle = NI64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxPids ReadLinuxPids(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxPids();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "limit": o.Limit = NI64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxBlockIO ReadLinuxBlockIO(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxBlockIO();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "weight": o.Weight = NU16(ref r); break;
                case "leafweight": o.LeafWeight = NU16(ref r); break;
                case "weightdevice": o.WeightDevice = ListOf<LinuxWeightDevice>(ref r, ReadLinuxWeightDevice); break;
                case "throttlereadbpsdevice": o.ThrottleReadBpsDevice = ListOf<LinuxThrottleDevice>(ref r, ReadLinuxThrottleDevice); break;
                case "throttlewritebpsdevice": o.ThrottleWriteBpsDevice = ListOf<LinuxThrottleDevice>(ref r, ReadLinuxThrottleDevice); break;
                case "throttlereadiopsdevice": o.ThrottleReadIOPSDevice = ListOf<LinuxThrottleDevice>(ref r, ReadLinuxThrottleDevice); break;
                case "throttlewriteiopsdevice": o.ThrottleWriteIOPSDevice = ListOf<LinuxThrottleDevice>(ref r, ReadLinuxThrottleDevice); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxWeightDevice ReadLinuxWeightDevice(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxWeightDevice();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "major": o.Major = I64(ref r); break;
                case "minor": o.Minor = I64(ref r); break;
                case "weight": o.Weight = NU16(ref r); break;
                case "leafweight": o.LeafWeight = NU16(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxThrottleDevice ReadLinuxThrottleDevice(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxThrottleDevice();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "major": o.Major = I64(ref r); break;
                case "minor": o.Minor = I64(ref r); break;
                case "rate": o.Rate = U64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxHugepageLimit ReadLinuxHugepageLimit(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxHugepageLimit();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "pagesize": o.PageSize = Str(ref r)!; break;
                case "limit": o.Limit = U64(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxNetwork ReadLinuxNetwork(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxNetwork();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "classid": o.ClassId = NU32(ref r); break;
                case "priorities": o.Priorities = ListOf<LinuxInterfacePriority>(ref r, ReadLinuxInterfacePriority); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxInterfacePriority ReadLinuxInterfacePriority(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxInterfacePriority();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "name": o.Name = Str(ref r)!; break;
                case "priority": o.Priority = U32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }

    public static LinuxRdma ReadLinuxRdma(ref Utf8JsonReader r)
    {
        if (!StartObject(ref r)) return null!;
        var o = new LinuxRdma();
        while (NextProperty(ref r, out var name))
            switch (name)
            {
                case "hcahandles": o.HcaHandles = NU32(ref r); break;
                case "hcaobjects": o.HcaObjects = NU32(ref r); break;
                default: r.Skip(); break;
            }
        return o;
    }
}
