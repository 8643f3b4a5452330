using Ocirt.Cli.Commands;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Cli;

/// <summary>`update` flags → LinuxResources (runc update.go), and --resources JSON from stdin.</summary>
public class UpdateFlagsTests
{
    private static ParsedFlags Flags(params string[] argv) => ArgParser.Parse(["update", .. argv, "ctr"]).Flags;

    private static Stream NoStdin() => throw new InvalidOperationException("stdin must not be read");

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("100m", 104857600L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("1.5k", 1536L)]
    [InlineData("512MiB", 536870912L)]
    [InlineData("2 KB", 2048L)]
    public void Ram_sizes_as_go_units(string text, long bytes) => Assert.Equal(bytes, RamInBytes.Parse(text));

    [Fact]
    public void Flags_map_to_resources()
    {
        var r = UpdateCommand.ResourcesOf(Flags("--memory", "100m", "--memory-swap", "-1", "--memory-reservation", "50m",
            "--cpu-share", "1024", "--cpu-quota", "-1", "--cpu-period", "100000", "--cpu-burst", "5", "--cpu-idle", "1",
            "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--pids-limit", "-1", "--blkio-weight", "300"), NoStdin);
        Assert.Equal(104857600, r.Memory!.Limit);
        Assert.Equal(-1, r.Memory.Swap);
        Assert.Equal(52428800, r.Memory.Reservation);
        Assert.Equal(1024UL, r.Cpu!.Shares);
        Assert.Equal(-1, r.Cpu.Quota);
        Assert.Equal(100000UL, r.Cpu.Period);
        Assert.Equal(5UL, r.Cpu.Burst);
        Assert.Equal(1, r.Cpu.Idle);
        Assert.Equal("0-1", r.Cpu.Cpus);
        Assert.Equal("0", r.Cpu.Mems);
        Assert.Equal(-1, r.Pids!.Limit);
        Assert.Equal((ushort)300, r.BlockIO!.Weight);
    }

    [Fact]
    public void Unset_flags_are_zero_and_burst_and_idle_stay_absent()
    {
        var r = UpdateCommand.ResourcesOf(Flags("--pids-limit", "5"), NoStdin);
        Assert.Equal(0, r.Memory!.Limit);
        Assert.Null(r.Cpu!.Burst);
        Assert.Null(r.Cpu.Idle);
        Assert.Equal(5, r.Pids!.Limit);
    }

    [Fact]
    public void Resources_from_stdin_win_over_other_flags()
    {
        var json = new MemoryStream("{\"memory\":{\"limit\":209715200},\"pids\":{\"limit\":20}}"u8.ToArray());
        var r = UpdateCommand.ResourcesOf(Flags("--resources", "-", "--memory", "1g"), () => json);
        Assert.Equal(209715200, r.Memory!.Limit);
        Assert.Equal(20, r.Pids!.Limit);
    }

    [Theory]
    [InlineData("invalid value for memory: invalid size: 'lots'", "--memory", "lots")]
    [InlineData("invalid value for cpu-period: strconv.ParseUint: parsing \"-5\": invalid syntax", "--cpu-period", "-5")]
    [InlineData("Intel RDT/CAT: l3 cache schema is not enabled", "--l3-cache-schema", "L3:0=f")]
    [InlineData("Intel RDT/MBA: memory bandwidth schema is not enabled", "--mem-bw-schema", "MB:0=70")]
    public void Bad_values_are_errors_naming_the_flag(string message, params string[] argv)
    {
        var e = Assert.Throws<OcirtException>(() => UpdateCommand.ResourcesOf(Flags(argv), NoStdin));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Bad_json_names_the_option()
    {
        var e = Assert.Throws<OcirtException>(() => UpdateCommand.ResourcesOf(Flags("-r", "-"), () => new MemoryStream("{\"memory\":"u8.ToArray())));
        Assert.StartsWith("--resources: invalid JSON for linux resources", e.Message);
    }
}
