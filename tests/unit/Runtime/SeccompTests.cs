using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Seccomp;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>linux.seccomp names → libseccomp/kernel numbers, and compilation through the real libseccomp.</summary>
public class SeccompTests
{
    [Theory]
    [InlineData("SCMP_ACT_KILL", null, 0x00000000u)]
    [InlineData("SCMP_ACT_KILL_THREAD", null, 0x00000000u)]
    [InlineData("SCMP_ACT_KILL_PROCESS", null, 0x80000000u)]
    [InlineData("SCMP_ACT_TRAP", null, 0x00030000u)]
    [InlineData("SCMP_ACT_ERRNO", null, 0x00050001u)]      // EPERM when errnoRet is unset (runc)
    [InlineData("SCMP_ACT_ERRNO", 38u, 0x00050026u)]
    [InlineData("SCMP_ACT_TRACE", null, 0x7ff00001u)]
    [InlineData("SCMP_ACT_TRACE", 5u, 0x7ff00005u)]
    [InlineData("SCMP_ACT_LOG", null, 0x7ffc0000u)]
    [InlineData("SCMP_ACT_ALLOW", null, 0x7fff0000u)]
    [InlineData("SCMP_ACT_NOTIFY", null, 0x7fc00000u)]
    public void Actions_have_libseccomps_values(string name, uint? errnoRet, uint expected)
    {
        Assert.Equal(expected, SeccompNumbers.Action(name, errnoRet, "f"));
    }

    [Fact]
    public void An_unknown_action_names_the_field()
    {
        var e = Assert.Throws<OcirtException>(() => SeccompNumbers.Action("SCMP_ACT_NOPE", null, "linux.seccomp.syscalls[3].action"));
        Assert.Contains("linux.seccomp.syscalls[3].action", e.Message);
    }

    [Theory]
    [InlineData("SCMP_CMP_NE", 1)]
    [InlineData("SCMP_CMP_LT", 2)]
    [InlineData("SCMP_CMP_LE", 3)]
    [InlineData("SCMP_CMP_EQ", 4)]
    [InlineData("SCMP_CMP_GE", 5)]
    [InlineData("SCMP_CMP_GT", 6)]
    [InlineData("SCMP_CMP_MASKED_EQ", 7)]
    public void Operators_have_libseccomps_values(string name, int expected) => Assert.Equal(expected, SeccompNumbers.Operator(name, "f"));

    [Theory]
    [InlineData("SCMP_ARCH_X86_64", "x86_64")]
    [InlineData("SCMP_ARCH_X86", "x86")]
    [InlineData("SCMP_ARCH_X32", "x32")]
    [InlineData("SCMP_ARCH_AARCH64", "aarch64")]
    [InlineData("SCMP_ARCH_PPC64LE", "ppc64le")]
    public void Architectures_map_to_libseccomp_names(string spec, string lib) => Assert.Equal(lib, SeccompNumbers.ArchitectureName(spec));

    [Fact]
    public void Flags_map_to_seccomp2_bits_and_a_listener_adds_new_listener()
    {
        Assert.Equal(0u, SeccompNumbers.Flags(null, notify: false));
        Assert.Equal(1u | 2u | 4u, SeccompNumbers.Flags(["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"], false));
        // WAIT_KILLABLE_RECV is refused by the kernel without a listener: kept only with one.
        Assert.Equal(0u, SeccompNumbers.Flags(["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"], false));
        Assert.Equal(8u | 32u, SeccompNumbers.Flags(["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"], true));
    }

    private static LinuxSeccomp Profile(params LinuxSyscall[] calls) => new()
    {
        DefaultAction = "SCMP_ACT_ERRNO", Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], Syscalls = [.. calls],
    };

    [Fact]
    public void Compiles_to_whole_instructions_and_more_rules_make_a_longer_program()
    {
        byte[] small = SeccompCompiler.Compile(Profile(new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW" }));
        byte[] larger = SeccompCompiler.Compile(Profile(
            new LinuxSyscall { Names = ["read", "write", "openat", "close"], Action = "SCMP_ACT_ALLOW" },
            new LinuxSyscall
            {
                Names = ["personality"], Action = "SCMP_ACT_ALLOW",
                Args = [new LinuxSeccompArg { Index = 0, Op = "SCMP_CMP_EQ", Value = 0 }],
            }));
        Assert.True(small.Length > 0 && small.Length % 8 == 0);
        Assert.True(larger.Length > small.Length);
    }

    [Fact]
    public void Unknown_syscall_names_are_skipped_and_rules_equal_to_the_default_dropped()
    {
        byte[] baseline = SeccompCompiler.Compile(Profile(new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW" }));
        byte[] same = SeccompCompiler.Compile(Profile(
            new LinuxSyscall { Names = ["read", "not_a_syscall_at_all"], Action = "SCMP_ACT_ALLOW" },
            new LinuxSyscall { Names = ["write"], Action = "SCMP_ACT_ERRNO" }));
        Assert.Equal(baseline, same);
    }

    [Fact]
    public void Conditions_repeating_an_argument_compile_as_separate_rules()
    {
        var twoOnOne = new LinuxSyscall
        {
            Names = ["socket"], Action = "SCMP_ACT_ALLOW",
            Args = [new() { Index = 0, Op = "SCMP_CMP_EQ", Value = 1 }, new() { Index = 0, Op = "SCMP_CMP_EQ", Value = 2 }],
        };
        Assert.NotEmpty(SeccompCompiler.Compile(Profile(twoOnOne))); // split into one rule each, as runc does
    }

    [Fact]
    public void An_unknown_architecture_names_the_field()
    {
        var p = Profile();
        p.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_VAX"];
        var e = Assert.Throws<OcirtException>(() => SeccompCompiler.Compile(p));
        Assert.Contains("linux.seccomp.architectures[1]", e.Message);
    }

    [Fact]
    public void The_cache_key_follows_the_profile()
    {
        var a = Profile(new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW" });
        var b = Profile(new LinuxSyscall { Names = ["write"], Action = "SCMP_ACT_ALLOW" });
        string Path(LinuxSeccomp p) => SeccompCache.PathOf("/r", SeccompCache.KeyOf(p));
        Assert.Equal(Path(a), Path(a with { }));
        Assert.NotEqual(Path(a), Path(b));
        Assert.Matches("^/r/seccomp-[0-9a-f]{32}\\.bpf$", Path(a));
    }

    // Every field is in the key, and null differs from empty: no two profiles share a compiled filter.
    [Fact]
    public void Every_field_of_the_profile_changes_the_cache_key()
    {
        var arg = new LinuxSeccompArg { Index = 1, Value = 2, ValueTwo = 3, Op = "SCMP_CMP_EQ" };
        var rule = new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 1, Args = [arg] };
        var p = Profile(rule) with { DefaultErrnoRet = 38, Architectures = ["SCMP_ARCH_X86_64"], Flags = ["SECCOMP_FILTER_FLAG_LOG"], ListenerPath = "/l", ListenerMetadata = "m" };
        LinuxSeccomp With(LinuxSyscall r) => p with { Syscalls = [r] };
        var variants = new[]
        {
            p, p with { DefaultAction = "SCMP_ACT_KILL" }, p with { DefaultErrnoRet = null }, p with { DefaultErrnoRet = 0 },
            p with { Architectures = null }, p with { Architectures = [] }, p with { Flags = null }, p with { Flags = [] },
            p with { ListenerPath = null }, p with { ListenerMetadata = null }, p with { Syscalls = null }, p with { Syscalls = [] },
            With(rule with { Names = ["write"] }), With(rule with { Names = [] }), With(rule with { Action = "SCMP_ACT_LOG" }),
            With(rule with { ErrnoRet = null }), With(rule with { Args = null }), With(rule with { Args = [] }),
            With(rule with { Args = [arg with { Index = 0 }] }), With(rule with { Args = [arg with { Value = 0 }] }),
            With(rule with { Args = [arg with { ValueTwo = 0 }] }), With(rule with { Args = [arg with { Op = "SCMP_CMP_NE" }] }),
        };
        var keys = variants.Select(v => Convert.ToHexString(SeccompCache.KeyOf(v))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys[0], Convert.ToHexString(SeccompCache.KeyOf(p with { Syscalls = [rule with { Args = [arg with { }] }] })));
    }
}
