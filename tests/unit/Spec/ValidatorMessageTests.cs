using Ocirt.Spec;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

/// <summary>Exact validator messages for rules, starting from the (valid) default spec.</summary>
public class ValidatorMessageTests
{
    private static Ocirt.Spec.Model.Spec Valid() => DefaultSpec.Create(false);

    private static void AssertError(Ocirt.Spec.Model.Spec spec, string expected) =>
        Assert.Contains(expected, SpecValidator.Validate(spec));

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("1.0.2-dev")]
    [InlineData("1.1.0")]
    [InlineData("1.2.0")]
    [InlineData("1.3.0+build.1")]
    public void Accepts_one_dot_x_versions(string version)
    {
        var s = Valid(); s.OciVersion = version;
        Assert.Empty(SpecValidator.Validate(s));
    }

    [Theory]
    [InlineData("2.0.0")]
    [InlineData("0.5")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData("1.01.0")]
    [InlineData("v1.0.0")]
    public void Rejects_other_versions(string version)
    {
        var s = Valid(); s.OciVersion = version;
        AssertError(s, $"ociVersion: must be 1.x (got \"{version}\")");
    }

    [Fact]
    public void Process_rules()
    {
        var s = Valid(); s.Process!.Args = []; s.Process.Cwd = "home";
        AssertError(s, "process.args: must not be empty");
        AssertError(s, "process.cwd: must be an absolute path");
        s.Process = null;
        AssertError(s, "process: required");
    }

    [Fact]
    public void Rlimit_rules()
    {
        var s = Valid();
        s.Process!.Rlimits = [new() { Type = "RLIMIT_FOO" }, new() { Type = "RLIMIT_CORE", Soft = 10, Hard = 5 }, new() { Type = "RLIMIT_CORE" }];
        AssertError(s, "process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"");
        AssertError(s, "process.rlimits[1]: soft limit 10 exceeds hard limit 5");
        AssertError(s, "process.rlimits[2].type: duplicate rlimit \"RLIMIT_CORE\"");
    }

    [Fact]
    public void Capability_names_must_be_known()
    {
        var s = Valid(); s.Process!.Capabilities!.Bounding = ["CAP_KILL", "CAP_FOO"]; s.Process.Capabilities.Ambient = ["cap_kill"];
        AssertError(s, "process.capabilities.bounding[1]: unknown capability \"CAP_FOO\"");
        AssertError(s, "process.capabilities.ambient[0]: unknown capability \"cap_kill\"");
    }

    [Fact]
    public void Namespace_rules()
    {
        var s = Valid();
        s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "foo" });
        s.Linux.Namespaces.Add(new LinuxNamespace { Type = "pid" });
        s.Linux.Namespaces.Add(new LinuxNamespace { Type = "ipc", Path = "proc/1/ns/ipc" });
        AssertError(s, "linux.namespaces[6].type: unknown namespace \"foo\"");
        AssertError(s, "linux.namespaces[7].type: duplicate namespace \"pid\"");
        AssertError(s, "linux.namespaces[8].path: must be absolute");
    }

    [Fact]
    public void User_namespace_needs_mappings_unless_joined()
    {
        var s = Valid(); s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" });
        AssertError(s, "linux.uidMappings: required when a user namespace is created");
        AssertError(s, "linux.gidMappings: required when a user namespace is created");
        s.Linux.Namespaces[^1].Path = "/proc/1/ns/user";
        Assert.Empty(SpecValidator.Validate(s));
        s.Linux.UidMappings = [new LinuxIdMapping { Size = 1 }];
        s.Linux.GidMappings = [new LinuxIdMapping { Size = 1 }];
        Assert.Empty(SpecValidator.Validate(s)); // the joined namespace's maps, as containerd passes them
    }

    [Fact]
    public void Mappings_without_a_user_namespace_are_refused()
    {
        var s = Valid(); s.Linux!.GidMappings = [new LinuxIdMapping { Size = 1 }];
        AssertError(s, "linux.gidMappings: requires a user namespace");
    }

    [Fact]
    public void Hostname_needs_a_uts_namespace()
    {
        var s = Valid(); s.Linux!.Namespaces!.RemoveAll(n => n.Type == "uts");
        AssertError(s, "hostname: requires a new uts namespace");
        s.Hostname = null;
        Assert.Empty(SpecValidator.Validate(s));
    }

    [Fact]
    public void Mount_hook_and_device_rules()
    {
        var s = Valid();
        s.Mounts!.Add(new Mount { Destination = "data" });
        s.Hooks = new Hooks { Prestart = [new Hook { Path = "hook.sh" }], Poststop = [new Hook { Path = "/bin/true", Timeout = 0 }] };
        s.Linux!.Devices = [new LinuxDevice { Path = "/dev/x", Type = "x" }];
        AssertError(s, "mounts[7].destination: must be absolute");
        AssertError(s, "hooks.prestart[0].path: must be absolute");
        AssertError(s, "hooks.poststop[0].timeout: must be positive");
        AssertError(s, "linux.devices[0].type: must be one of \"b\", \"c\", \"u\", \"p\" (got \"x\")");
    }

    [Fact]
    public void Seccomp_rules()
    {
        var s = Valid();
        s.Linux!.Seccomp = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_NOPE",
            Architectures = ["SCMP_ARCH_Z80"],
            Syscalls = [new LinuxSyscall { Names = [], Action = "SCMP_ACT_NOTIFY", Args = [new LinuxSeccompArg { Index = 6, Op = "SCMP_CMP_XX" }] }],
        };
        AssertError(s, "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\"");
        AssertError(s, "linux.seccomp.architectures[0]: unknown architecture \"SCMP_ARCH_Z80\"");
        AssertError(s, "linux.seccomp.syscalls[0].names: must not be empty");
        AssertError(s, "linux.seccomp.syscalls[0].args[0].index: must be between 0 and 5 (got 6)");
        AssertError(s, "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_XX\"");
        AssertError(s, "linux.seccomp.listenerPath: required when SCMP_ACT_NOTIFY is used");
    }

    [Fact]
    public void ValidateOrThrow_joins_all_messages()
    {
        var s = Valid(); s.OciVersion = "2.0.0"; s.Process!.Args = null;
        var e = Assert.Throws<SpecException>(() => SpecValidator.ValidateOrThrow(s));
        Assert.Equal("ociVersion: must be 1.x (got \"2.0.0\"); process.args: must not be empty", e.Message);
        SpecValidator.ValidateOrThrow(Valid());
    }

    [Fact]
    public void Quotes_are_escaped_like_go()
    {
        var s = Valid(); s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "a\"b" });
        AssertError(s, "linux.namespaces[6].type: unknown namespace \"a\\\"b\"");
    }
}
