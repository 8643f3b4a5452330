using Ocirt.Runtime.Cgroups.Devices;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>
/// The generated BPF_PROG_TYPE_CGROUP_DEVICE programs: their exact instructions for small rule sets (runc's
/// devicefilter layout), and their verdicts, computed by a tiny interpreter of the opcodes the generator uses.
/// </summary>
public class DeviceFilterTests
{
    private const int Block = 1, Char = 2;
    private const int M = 1, R = 2, W = 4;

    /// <summary>Runs the program on a struct bpf_cgroup_dev_ctx {access_type = type | access << 16, major, minor}.</summary>
    private static bool Allows(List<BpfInstruction> prog, int type, int access, uint major, uint minor)
    {
        uint[] ctx = [(uint)(type | (access << 16)), major, minor];
        var r = new ulong[11];
        for (int pc = 0, steps = 0; steps < 4096; pc++, steps++)
        {
            var i = prog[pc];
            switch (i.Code)
            {
                case 0x61: r[i.Dst] = ctx[i.Off / 4]; Assert.Equal(1, i.Src); break;
                case 0x54: r[i.Dst] = (uint)r[i.Dst] & (uint)i.Imm; break;
                case 0x74: r[i.Dst] = (uint)r[i.Dst] >> i.Imm; break;
                case 0xbc: r[i.Dst] = (uint)r[i.Src]; break;
                case 0xb4: r[i.Dst] = (uint)i.Imm; break;
                case 0x55: if (r[i.Dst] != (ulong)(long)i.Imm) pc += i.Off; break;
                case 0x5d: if (r[i.Dst] != r[i.Src]) pc += i.Off; break;
                case 0x95: return r[0] == 1;
                default: throw new InvalidOperationException($"opcode 0x{i.Code:x2}");
            }
        }
        throw new InvalidOperationException("program did not exit");
    }

    private static List<BpfInstruction> Program(params LinuxDeviceCgroup[] rules) =>
        DeviceFilter.Generate(DeviceRules.Of(new LinuxResources { Devices = [.. rules] }));

    private static readonly LinuxDeviceCgroup DenyAll = new() { Allow = false, Access = "rwm" };

    [Fact]
    public void No_exceptions_is_the_six_loads_and_deny()
    {
        var prog = DeviceFilter.Generate(new List<DeviceRule>());
        Assert.Equal(
        [
            "ldxw r2, [r1+0]", "and32 r2, 65535", "ldxw r3, [r1+0]", "rsh32 r3, 16", "ldxw r4, [r1+4]", "ldxw r5, [r1+8]",
            "mov32 r0, 0", "exit",
        ], prog.Select(i => i.ToString()));
    }

    [Fact]
    public void One_block_per_exception_with_jumps_to_the_next_block()
    {
        var prog = DeviceFilter.Generate([new DeviceRule('c', 1, 3, DeviceAccess.All, true), new DeviceRule('b', DeviceRule.Any, DeviceRule.Any, DeviceAccess.Mknod, true)]);
        Assert.Equal(
        [
            "ldxw r2, [r1+0]", "and32 r2, 65535", "ldxw r3, [r1+0]", "rsh32 r3, 16", "ldxw r4, [r1+4]", "ldxw r5, [r1+8]",
            // c 1:3 rwm: no access check
            "jne r2, 2, +4", "jne r4, 1, +3", "jne r5, 3, +2", "mov32 r0, 1", "exit",
            // b *:* m: access ⊆ m, any major/minor
            "jne r2, 1, +5", "mov32 r1, r3", "and32 r1, 1", "jne r1, r3, +2", "mov32 r0, 1", "exit",
            "mov32 r0, 0", "exit",
        ], prog.Select(i => i.ToString()));
        Assert.Equal(new byte[] { 0x55, 0x02, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00 }, DeviceFilter.Encode(prog)[(6 * 8)..(7 * 8)]);
        Assert.Equal(new byte[] { 0x5d, 0x31, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 }, DeviceFilter.Encode(prog)[(14 * 8)..(15 * 8)]);
    }

    [Fact]
    public void Runc_default_spec_allows_the_standard_devices_and_mknod_only()
    {
        var prog = Program(DenyAll);
        Assert.True(Allows(prog, Char, R | W, 1, 3));   // /dev/null
        Assert.True(Allows(prog, Char, R, 1, 9));       // /dev/urandom
        Assert.True(Allows(prog, Char, R | W, 136, 7)); // /dev/pts/7
        Assert.True(Allows(prog, Char, R | W, 5, 2));   // /dev/ptmx
        Assert.True(Allows(prog, Char, M, 1, 1));       // mknod of anything
        Assert.True(Allows(prog, Block, M, 8, 0));
        Assert.False(Allows(prog, Char, R, 1, 1));      // /dev/mem
        Assert.False(Allows(prog, Char, R | W, 10, 237)); // /dev/loop-control
        Assert.False(Allows(prog, Block, R, 8, 0));     // /dev/sda
        Assert.False(Allows(prog, Char, R | M, 1, 1));  // access must be a subset of one rule's
    }

    [Fact]
    public void Later_rules_override_earlier_ones()
    {
        var allow = new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 10, Minor = 237, Access = "rw" };
        var deny = allow with { Allow = false, Access = "w" };
        var prog = Program(DenyAll, allow);
        Assert.True(Allows(prog, Char, R | W, 10, 237));
        prog = Program(DenyAll, allow, deny);
        Assert.True(Allows(prog, Char, R, 10, 237));
        Assert.False(Allows(prog, Char, W, 10, 237));
        Assert.False(Allows(prog, Char, R | W, 10, 237));
        // an allow-all at the end wins over everything before it
        prog = Program(DenyAll, deny, new LinuxDeviceCgroup { Allow = true, Access = "rwm" });
        Assert.True(Allows(prog, Block, R | W, 8, 0));
        Assert.True(Allows(prog, Char, W, 10, 237));
    }

    [Fact]
    public void Allow_all_then_deny_specific_devices()
    {
        var rules = DeviceRules.Of(new LinuxResources { Devices = [new() { Allow = true, Access = "rwm" }] })
            .Concat([new DeviceRule('b', 8, DeviceRule.Any, DeviceAccess.Read | DeviceAccess.Write, false)]);
        var prog = DeviceFilter.Generate(rules);
        Assert.False(Allows(prog, Block, R, 8, 16));
        Assert.True(Allows(prog, Block, M, 8, 16));
        Assert.True(Allows(prog, Block, R, 9, 0));
        Assert.True(Allows(prog, Char, R | W, 1, 1));
        Assert.Equal("mov32 r0, 1", prog[^2].ToString()); // default allow
    }

    [Fact]
    public void Deny_all_denies_a_device_that_is_not_a_default_one()
    {
        // /dev/kmsg (c 1:11): listing it in linux.devices makes the node, not a rule (runc).
        var prog = DeviceFilter.Generate(DeviceRules.Of(new LinuxResources { Devices = [DenyAll] }));
        Assert.False(Allows(prog, Char, W, 1, 11));
        Assert.False(Allows(prog, Char, R, 1, 11));
        Assert.True(Allows(prog, Char, M, 1, 11)); // mknod stays allowed, as runc's AllowedDevices
    }

    [Fact]
    public void Empty_access_and_bad_type_are_errors_naming_the_rule()
    {
        var e = Assert.Throws<Ocirt.Runtime.Cgroups.Resources.ResourceException>(() => Program(new LinuxDeviceCgroup { Allow = true, Access = "" }));
        Assert.Equal("linux.resources.devices[0].access: device access cannot be empty", e.Message);
        e = Assert.Throws<Ocirt.Runtime.Cgroups.Resources.ResourceException>(() => Program(new LinuxDeviceCgroup { Allow = true, Type = "x", Access = "r" }));
        Assert.StartsWith("linux.resources.devices[0].type:", e.Message);
    }
}
