using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>linux.resources → cgroup v2 (file, value) pairs, as runc's fs2 driver writes them.</summary>
public class ResourceMappingTests
{
    private static string[] Map(LinuxResources r, bool bfq = false) => ResourceMapping.Map(r, bfq).Select(w => w.ToString()).ToArray();

    [Fact]
    public void Docker_zero_values_write_nothing()
    {
        var r = new LinuxResources
        {
            Memory = new LinuxMemory(), Cpu = new LinuxCpu { Shares = 0, Quota = 0, Period = 0, Cpus = "", Mems = "" },
            BlockIO = new LinuxBlockIO { Weight = 0 }, Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
        };
        Assert.Empty(Map(r));
        Assert.Empty(Map(new LinuxResources()));
    }

    [Fact]
    public void Memory_limit_reservation_and_swap_as_runc_converts_them()
    {
        Assert.Equal(["memory.swap.max=50", "memory.max=100", "memory.low=70"],
            Map(new LinuxResources { Memory = new LinuxMemory { Limit = 100, Reservation = 70, Swap = 150 } }));
        // swap == limit: no swap at all
        Assert.Equal(["memory.swap.max=0", "memory.max=100"], Map(new LinuxResources { Memory = new LinuxMemory { Limit = 100, Swap = 100 } }));
        Assert.Equal(["memory.swap.max=max", "memory.max=100"], Map(new LinuxResources { Memory = new LinuxMemory { Limit = 100, Swap = -1 } }));
        // unlimited memory with unset swap: both unlimited
        Assert.Equal(["memory.swap.max=max", "memory.max=max"], Map(new LinuxResources { Memory = new LinuxMemory { Limit = -1 } }));
        Assert.Equal(["memory.max=104857600"], Map(new LinuxResources { Memory = new LinuxMemory { Limit = 104857600 } }));
    }

    [Fact]
    public void Memory_swap_errors_name_the_field()
    {
        var e = Assert.Throws<ResourceException>(() => Map(new LinuxResources { Memory = new LinuxMemory { Swap = 100 } }));
        Assert.Equal("linux.resources.memory.swap: unable to set swap limit without memory limit", e.Message);
        e = Assert.Throws<ResourceException>(() => Map(new LinuxResources { Memory = new LinuxMemory { Limit = 200, Swap = 100 } }));
        Assert.StartsWith("linux.resources.memory.swap: memory+swap limit should be >= memory limit", e.Message);
    }

    [Fact]
    public void Memory_check_before_update_refuses_a_limit_at_or_below_usage()
    {
        var m = new LinuxMemory { Limit = 1000, CheckBeforeUpdate = true };
        var e = Assert.Throws<ResourceException>(() => MemoryMapping.CheckUsage(m, 1000));
        Assert.Equal("linux.resources.memory.limit: rejecting memory limit 1000 below current usage 1000", e.Message);
        MemoryMapping.CheckUsage(m, 999);
        MemoryMapping.CheckUsage(m with { CheckBeforeUpdate = false }, 5000);
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 39UL)]
    [InlineData(512UL, 20UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(1UL, 1UL)]          // clamped, not wrapped
    [InlineData(1_000_000UL, 10000UL)]
    [InlineData(0UL, 0UL)]
    public void Cpu_shares_to_weight_uses_runcs_formula(ulong shares, ulong weight) =>
        Assert.Equal(weight, CpuMapping.SharesToWeight(shares));

    [Fact]
    public void Cpu_maps_idle_weight_burst_and_max_in_runcs_order()
    {
        Assert.Equal(["cpu.idle=1", "cpu.weight=39", "cpu.max.burst=1000", "cpu.max=50000 100000"],
            Map(new LinuxResources { Cpu = new LinuxCpu { Idle = 1, Shares = 1024, Burst = 1000, Quota = 50000, Period = 100000 } }));
        Assert.Equal(["cpu.max=max 100000"], Map(new LinuxResources { Cpu = new LinuxCpu { Quota = -1, Period = 100000 } }));
        Assert.Equal(["cpu.max=20000"], Map(new LinuxResources { Cpu = new LinuxCpu { Quota = 20000 } }));
        var burst = ResourceMapping.Map(new LinuxResources { Cpu = new LinuxCpu { Burst = 10, Quota = 1000 } })[0];
        Assert.True(burst.RetryAfterNext);
    }

    [Fact]
    public void Cpu_realtime_is_refused_on_cgroup_v2()
    {
        var e = Assert.Throws<ResourceException>(() => Map(new LinuxResources { Cpu = new LinuxCpu { RealtimeRuntime = 950000 } }));
        Assert.StartsWith("linux.resources.cpu.realtimeRuntime: realtime CPU scheduling", e.Message);
        Assert.Empty(Map(new LinuxResources { Cpu = new LinuxCpu { RealtimeRuntime = 0, RealtimePeriod = 0 } }));
    }

    [Fact]
    public void Cpuset_cpus_and_mems()
    {
        Assert.Equal(["cpuset.cpus=0-1", "cpuset.mems=0"], Map(new LinuxResources { Cpu = new LinuxCpu { Cpus = "0-1", Mems = "0" } }));
        Assert.Equal("cpuset", ResourceMapping.Map(new LinuxResources { Cpu = new LinuxCpu { Cpus = "0" } })[0].Controller);
    }

    [Fact]
    public void Pids_limit_and_unlimited()
    {
        Assert.Equal(["pids.max=42"], Map(new LinuxResources { Pids = new LinuxPids { Limit = 42 } }));
        Assert.Equal(["pids.max=max"], Map(new LinuxResources { Pids = new LinuxPids { Limit = 0 } }));
        Assert.Equal(["pids.max=max"], Map(new LinuxResources { Pids = new LinuxPids { Limit = -1 } }));
        Assert.True(ResourceMapping.Map(new LinuxResources { Pids = new LinuxPids { Limit = -1 } })[0].OptionalIfMissing);
        Assert.Empty(Map(new LinuxResources { Pids = new LinuxPids() }));
    }

    [Fact]
    public void BlockIO_weight_to_bfq_or_io_weight_and_throttles_to_io_max()
    {
        var b = new LinuxBlockIO
        {
            Weight = 500,
            WeightDevice = [new LinuxWeightDevice { Major = 8, Minor = 0, Weight = 300 }],
            ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 1048576 }],
            ThrottleWriteBpsDevice = [new LinuxThrottleDevice { Major = 8, Minor = 16, Rate = 2097152 }],
            ThrottleReadIOPSDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 100 }],
            ThrottleWriteIOPSDevice = [new LinuxThrottleDevice { Major = 8, Minor = 0, Rate = 200 }],
        };
        string[] throttles = ["io.max=8:0 rbps=1048576", "io.max=8:16 wbps=2097152", "io.max=8:0 riops=100", "io.max=8:0 wiops=200"];
        Assert.Equal(["io.bfq.weight=500", "io.bfq.weight=8:0 300", .. throttles], Map(new LinuxResources { BlockIO = b }, bfq: true));
        // no BFQ: io.weight with runc's conversion, per-device weights are not expressible
        Assert.Equal(["io.weight=4950", .. throttles], Map(new LinuxResources { BlockIO = b }, bfq: false));
        Assert.Equal(1UL, IoMapping.BlkioToIoWeight(10));
        Assert.Equal(10000UL, IoMapping.BlkioToIoWeight(1000));
        var e = Assert.Throws<ResourceException>(() => Map(new LinuxResources { BlockIO = new LinuxBlockIO { Weight = 5 } }));
        Assert.Equal("linux.resources.blockIO.weight: must be between 10 and 1000 (got 5)", e.Message);
    }

    [Fact]
    public void Hugepage_limits_set_max_and_reservations()
    {
        var writes = ResourceMapping.Map(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4194304 }] });
        Assert.Equal(["hugetlb.2MB.max=4194304", "hugetlb.2MB.rsvd.max=4194304"], writes.Select(w => w.ToString()));
        Assert.False(writes[0].OptionalIfMissing);
        Assert.True(writes[1].OptionalIfMissing);
    }

    [Fact]
    public void Rdma_one_line_per_device()
    {
        var r = new LinuxResources { Rdma = new() { ["mlx5_1"] = new LinuxRdma { HcaHandles = 3, HcaObjects = 10000 }, ["mlx4_0"] = new LinuxRdma { HcaObjects = 5 } } };
        Assert.Equal(["rdma.max=mlx4_0 hca_object=5", "rdma.max=mlx5_1 hca_handle=3 hca_object=10000"], Map(r));
    }

    [Fact]
    public void Unified_keys_are_written_line_by_line_after_everything_else()
    {
        var writes = ResourceMapping.Map(new LinuxResources
        {
            Pids = new LinuxPids { Limit = 5 },
            Unified = new() { ["memory.high"] = "1000000", ["io.max"] = "8:0 rbps=1\n8:16 wbps=2", ["cgroup.freeze"] = "0" },
        });
        Assert.Equal(["pids.max=5", "cgroup.freeze=0", "io.max=8:0 rbps=1", "io.max=8:16 wbps=2", "memory.high=1000000"], writes.Select(w => w.ToString()));
        Assert.Equal(["pids", "", "io", "io", "memory"], writes.Select(w => w.Controller));
    }

    [Theory]
    [InlineData("../memory.max", "must be a file name")]
    [InlineData("sub/memory.max", "must be a file name")]
    [InlineData("memorymax", "must be in the form CONTROLLER.PARAMETER")]
    [InlineData(".max", "must be in the form CONTROLLER.PARAMETER")]
    [InlineData("memory.", "must be in the form CONTROLLER.PARAMETER")]
    public void Unified_bad_keys_are_refused_naming_the_key(string key, string problem)
    {
        var e = Assert.Throws<ResourceException>(() => Map(new LinuxResources { Unified = new() { [key] = "1" } }));
        Assert.StartsWith($"linux.resources.unified[\"{key}\"]: {problem}", e.Message);
    }

    [Fact]
    public void Order_follows_runcs_manager_set()
    {
        var r = new LinuxResources
        {
            Cpu = new LinuxCpu { Shares = 2, Cpus = "0" }, Memory = new LinuxMemory { Limit = 10 }, Pids = new LinuxPids { Limit = 1 },
            BlockIO = new LinuxBlockIO { Weight = 10 }, HugepageLimits = [new LinuxHugepageLimit { PageSize = "1GB", Limit = 0 }],
        };
        Assert.Equal(["pids", "memory", "io", "cpu", "cpuset", "hugetlb", "hugetlb"], ResourceMapping.Map(r).Select(w => w.Controller));
    }
}
