using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Runtime.Cgroups.Systemd;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using Tmds.DBus.Protocol;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>linux.resources and annotations → systemd unit properties (runc's translation), and their D-Bus types.</summary>
public class SystemdPropertiesTests
{
    private static List<string> Props(LinuxResources r) => ResourceProperties.Map(r).Select(p => p.ToString()).ToList();

    [Fact]
    public void Memory_maps_to_MemoryMax_MemoryLow_and_swap_alone()
    {
        var r = new LinuxResources { Memory = new LinuxMemory { Limit = 256 << 20, Reservation = 128 << 20, Swap = 512 << 20 } };
        Assert.Equal(["MemoryMax=t 268435456", "MemoryLow=t 134217728", "MemorySwapMax=t 268435456"], Props(r));
    }

    [Fact]
    public void Unlimited_memory_is_infinity()
    {
        var r = new LinuxResources { Memory = new LinuxMemory { Limit = -1 } };
        Assert.Equal(["MemoryMax=t 18446744073709551615", "MemorySwapMax=t 18446744073709551615"], Props(r));
    }

    [Fact]
    public void Shares_become_CPUWeight_and_quota_rounds_up_to_whole_percent()
    {
        var r = new LinuxResources { Cpu = new LinuxCpu { Shares = 1024, Quota = 12345, Period = 100000 } };
        // 12345 µs per 100 ms = 123450 µs/s → 130000 (systemd keeps whole percents; never below the request).
        Assert.Equal(["CPUWeight=t 39", "CPUQuotaPeriodUSec=t 100000", "CPUQuotaPerSecUSec=t 130000"], Props(r));
    }

    [Fact]
    public void Quota_without_period_assumes_100ms_and_no_quota_is_infinity()
    {
        Assert.Equal(["CPUQuotaPerSecUSec=t 500000"], Props(new LinuxResources { Cpu = new LinuxCpu { Quota = 50000 } }));
        Assert.Equal(["CPUQuotaPeriodUSec=t 50000", "CPUQuotaPerSecUSec=t 18446744073709551615"],
            Props(new LinuxResources { Cpu = new LinuxCpu { Quota = -1, Period = 50000 } }));
    }

    [Fact]
    public void Pids_cpuset_and_io_weight()
    {
        var r = new LinuxResources
        {
            Pids = new LinuxPids { Limit = 100 },
            Cpu = new LinuxCpu { Cpus = "0-2,9", Mems = "0" },
            BlockIO = new LinuxBlockIO { Weight = 500 },
        };
        Assert.Equal(["TasksMax=t 100", "AllowedCPUs=ay [7,2]", "AllowedMemoryNodes=ay [1]", "IOWeight=t 4950"], Props(r));
        Assert.Equal(["TasksMax=t 18446744073709551615"], Props(new LinuxResources { Pids = new LinuxPids { Limit = -1 } }));
        Assert.Empty(Props(new LinuxResources { Pids = new LinuxPids { Limit = 0 } }));
    }

    [Fact]
    public void Unified_keys_with_a_property_are_translated_the_rest_left_to_files()
    {
        var r = new LinuxResources
        {
            Unified = new()
            {
                ["memory.high"] = "max", ["memory.min"] = " 4096 ", ["pids.max"] = "20", ["cpu.max"] = "max 20000",
                ["cpu.weight"] = "200", ["cpuset.cpus"] = "1", ["memory.oom.group"] = "1", ["io.max"] = "8:0 rbps=1",
            },
        };
        Assert.Equal([
            "CPUQuotaPeriodUSec=t 20000", "CPUQuotaPerSecUSec=t 18446744073709551615", "CPUWeight=t 200",
            "AllowedCPUs=ay [2]", "MemoryHigh=t 18446744073709551615", "MemoryMin=t 4096", "TasksMax=t 20",
        ], Props(r));
    }

    [Theory]
    [InlineData("cpu.max", "1 2 3")]
    [InlineData("memory.max", "lots")]
    [InlineData("cpuset.cpus", "3-1")]
    public void A_bad_unified_value_names_the_key(string key, string value)
    {
        var e = Assert.Throws<ResourceException>(() => ResourceProperties.Map(new LinuxResources { Unified = new() { [key] = value } }));
        Assert.Contains($"unified[\"{key}\"]", e.Message);
    }

    [Fact]
    public void A_new_scope_has_runcs_base_properties_then_resources_then_annotations()
    {
        var unit = SystemdCgroupPath.Parse("system.slice:docker:abc", "abc");
        var props = UnitProperties.ForNewUnit(unit, "abc", [42],
            new LinuxResources { Memory = new LinuxMemory { Limit = 1 << 20 } },
            new() { ["org.systemd.property.CollectMode"] = "'inactive-or-failed'", ["other"] = "x" });
        Assert.Equal([
            "Description=s \"ocirt container abc\"", "Slice=s \"system.slice\"", "Delegate=b true", "PIDs=au [42]",
            "DefaultDependencies=b false", "MemoryAccounting=b true", "CPUAccounting=b true", "IOAccounting=b true",
            "TasksAccounting=b true", "MemoryMax=t 1048576", "CollectMode=s \"inactive-or-failed\"",
        ], props.Select(p => p.ToString()));
    }

    [Fact]
    public void A_slice_unit_wants_its_parent_and_has_no_pids_nor_delegation()
    {
        var unit = SystemdCgroupPath.Parse("kubepods.slice:p:kubepods-pod1.slice", "x");
        var names = UnitProperties.ForNewUnit(unit, "x", [], null, null).Select(p => p.ToString()).ToList();
        Assert.Contains("Wants=as [\"kubepods.slice\"]", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Slice=") || n.StartsWith("Delegate=") || n.StartsWith("PIDs="));
    }

    [Theory]
    [InlineData("uint64 123456789", "t 123456789")]
    [InlineData("true", "b true")]
    [InlineData("'inactive-or-failed'", "s \"inactive-or-failed\"")]
    [InlineData("\"it's\"", "s \"it's\"")]
    [InlineData("42", "i 42")]
    [InlineData("int64 -5", "x -5")]
    [InlineData("['a', 'b,c']", "as [\"a\",\"b,c\"]")]
    [InlineData("@as []", "as []")]
    [InlineData("[uint32 1, uint32 2]", "au [1,2]")]
    [InlineData("1.5", "d 1.5")]
    public void Gvariant_text_values(string text, string expected) => Assert.Equal(expected, GVariantText.Parse(text).ToString());

    [Theory]
    [InlineData("'open")]
    [InlineData("uint32 -1")]
    [InlineData("byte 256")]
    [InlineData("nonsense")]
    [InlineData("[]")]
    public void Bad_gvariant_text_is_refused(string text) => Assert.Throws<FormatException>(() => GVariantText.Parse(text));

    [Fact]
    public void A_Sec_annotation_becomes_USec_in_microseconds()
    {
        var props = AnnotationProperties.Map(new() { ["org.systemd.property.TimeoutStopSec"] = "3", ["org.systemd.property.RuntimeMaxUSec"] = "uint64 5" });
        Assert.Equal(["RuntimeMaxUSec=t 5", "TimeoutStopUSec=t 3000000"], props.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("org.systemd.property.Ab", "true")]            // too short
    [InlineData("org.systemd.property.Memory_Max", "true")]    // not letters
    [InlineData("org.systemd.property.CollectMode", "'x")]     // bad value
    [InlineData("org.systemd.property.TimeoutStopSec", "'x'")] // Sec needs a number
    public void A_bad_annotation_is_refused_naming_it(string key, string value)
    {
        var e = Assert.Throws<OcirtException>(() => AnnotationProperties.Map(new() { [key] = value }));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Values_are_encoded_with_the_dbus_type_systemd_expects()
    {
        Assert.Equal(VariantValueType.UInt64, UnitPropertyEncoder.ToVariant(UnitValue.UInt64(1)).Type);
        Assert.Equal(VariantValueType.Bool, UnitPropertyEncoder.ToVariant(new UnitValue.Bool(true)).Type);
        var bytes = UnitPropertyEncoder.ToVariant(new UnitValue.Bytes([1, 2]));
        Assert.Equal((VariantValueType.Array, VariantValueType.Byte), (bytes.Type, bytes.ItemType));
        var pids = UnitPropertyEncoder.ToVariant(new UnitValue.UInt32Array([7]));
        Assert.Equal((VariantValueType.Array, VariantValueType.UInt32), (pids.Type, pids.ItemType));
        Assert.Equal(VariantValueType.Int32, UnitPropertyEncoder.ToVariant(GVariantText.Parse("42")).Type);
        Assert.Equal(VariantValueType.UInt64, UnitPropertyEncoder.ToVariant(GVariantText.Parse("uint64 42")).Type);
    }
}
