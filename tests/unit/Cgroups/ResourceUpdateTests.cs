using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>`update`: what is persisted (merge) and what is written now (live), as runc's update.go decides.</summary>
public class ResourceUpdateTests
{
    private static readonly LinuxResources Saved = new()
    {
        Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }],
        Memory = new LinuxMemory { Limit = 1000, Swap = 2000 },
        Cpu = new LinuxCpu { Quota = 50000, Period = 100000, Shares = 512 },
        Pids = new LinuxPids { Limit = 10 },
    };

    private static string[] Writes(LinuxResources live) => ResourceMapping.Map(live).Select(w => w.ToString()).ToArray();

    [Fact]
    public void Zero_fields_are_unchanged_and_devices_are_kept()
    {
        var delta = new LinuxResources { Memory = new LinuxMemory { Limit = 0 }, Cpu = new LinuxCpu { Shares = 0 }, Pids = new LinuxPids { Limit = 0 }, BlockIO = new LinuxBlockIO { Weight = 0 } };
        var merged = ResourceUpdate.Merge(Saved, delta);
        Assert.Equal(Saved.Memory, merged.Memory);
        Assert.Equal(Saved.Cpu, merged.Cpu);
        Assert.Equal(10, merged.Pids!.Limit);
        Assert.Same(Saved.Devices, merged.Devices);
        Assert.Empty(Writes(ResourceUpdate.Live(merged, delta)));
    }

    [Fact]
    public void Quota_alone_keeps_the_old_period_in_cpu_max()
    {
        var delta = new LinuxResources { Cpu = new LinuxCpu { Quota = 20000 } };
        var merged = ResourceUpdate.Merge(Saved, delta);
        Assert.Equal(100000UL, merged.Cpu!.Period);
        Assert.Equal(["cpu.max=20000 100000"], Writes(ResourceUpdate.Live(merged, delta)));
    }

    [Fact]
    public void Memory_limit_alone_is_written_with_the_saved_swap_converted_against_it()
    {
        var delta = new LinuxResources { Memory = new LinuxMemory { Limit = 1500 } };
        var merged = ResourceUpdate.Merge(Saved, delta);
        Assert.Equal(["memory.swap.max=500", "memory.max=1500"], Writes(ResourceUpdate.Live(merged, delta)));
        Assert.Equal(2000, merged.Memory!.Swap);
    }

    [Fact]
    public void Pids_and_unified_override_and_only_they_are_written()
    {
        var delta = new LinuxResources { Pids = new LinuxPids { Limit = -1 }, Unified = new() { ["pids.max"] = "7" } };
        var merged = ResourceUpdate.Merge(Saved with { Unified = new() { ["memory.high"] = "5" } }, delta);
        Assert.Equal(-1, merged.Pids!.Limit);
        Assert.Equal(new Dictionary<string, string> { ["memory.high"] = "5", ["pids.max"] = "7" }, merged.Unified);
        Assert.Equal(["pids.max=max", "pids.max=7"], Writes(ResourceUpdate.Live(merged, delta)));
    }

    [Fact]
    public void A_container_without_saved_resources_gets_the_update()
    {
        var delta = new LinuxResources { Cpu = new LinuxCpu { Shares = 1024, Cpus = "0" }, BlockIO = new LinuxBlockIO { Weight = 100 } };
        var merged = ResourceUpdate.Merge(null, delta);
        Assert.Equal(1024UL, merged.Cpu!.Shares);
        Assert.Equal(["io.weight=910", "cpu.weight=39", "cpuset.cpus=0"], Writes(ResourceUpdate.Live(merged, delta)));
    }
}
