using System.Runtime.InteropServices;
using Ocirt.Runtime.Spawn;
using Ocirt.Spec;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>
/// The fork-safe init's plan: the steps of the re-executed init, in its order, with its error texts
/// (the conformance suite runs real containers through both; this pins the translation).
/// </summary>
public unsafe class InitPlanTests
{
    private const string Rootfs = "/tmp/ocirt-unit-rootfs";

    private static (List<(InitOpKind Kind, string Msg)> Ops, List<string> Messages) Build(Ocirt.Spec.Model.Spec spec)
    {
        using var native = new NativeStrings();
        var plan = InitPlanBuilder.Build(new DirectInit(spec, "box", "/tmp/bundle", Rootfs, 9, 0, null, false, false), native);
        var messages = new List<string>();
        for (int i = 0; plan->Messages[i] != null; i++) messages.Add(Marshal.PtrToStringUTF8((nint)plan->Messages[i])!);
        var ops = new List<(InitOpKind, string)>();
        for (int i = 0; i < plan->OpCount; i++) ops.Add((plan->Ops[i].Kind, messages[plan->Ops[i].Msg]));
        Assert.Equal("/proc/self/fd/9", Marshal.PtrToStringUTF8((nint)plan->FifoPath));
        Assert.Equal("_ses.box", Marshal.PtrToStringUTF8((nint)plan->KeyringName));
        return (ops, messages);
    }

    [Fact]
    public void The_default_spec_is_mounts_devices_cwd_pivot_then_names_and_paths_in_runcs_order()
    {
        var spec = DefaultSpec.Create(rootless: false);
        var (ops, _) = Build(spec);
        Assert.Equal((InitOpKind.Mount, "mount propagation of /"), ops[0]);
        Assert.Equal((InitOpKind.Mount, $"mount rootfs {Rootfs} onto itself"), ops[1]);
        Assert.Equal((InitOpKind.Resolve, "secure join /proc"), ops[2]);
        Assert.Equal((InitOpKind.MountTarget, "mount proc to /proc (mounts[0])"), ops[3]);
        Assert.Contains((InitOpKind.MountCgroup, "mount cgroup2 to /sys/fs/cgroup (mounts[6])"), ops);
        Assert.Contains((InitOpKind.Mknod, "mknod /dev/null"), ops);
        Assert.Contains((InitOpKind.Symlink, "symlink /proc/self/fd /dev/fd"), ops);
        int pivot = ops.FindIndex(o => o.Kind == InitOpKind.PivotRoot);
        Assert.Equal((InitOpKind.Resolve, "secure join /"), ops[pivot - 1]); // the cwd, created before pivot
        Assert.Equal((InitOpKind.SetName, "sethostname runc (hostname)"), ops[pivot + 1]);
        // Read-only paths before masked ones, both after the switch; nothing before pivot mentions them.
        int firstReadonly = ops.FindIndex(o => o.Kind == InitOpKind.ReadonlyPath);
        int firstMasked = ops.FindIndex(o => o.Kind == InitOpKind.MaskPath);
        Assert.True(pivot < firstReadonly && firstReadonly < firstMasked);
        Assert.Equal(spec.Linux!.MaskedPaths!.Count, ops.Count(o => o.Kind == InitOpKind.MaskPath));
        Assert.Equal($"mount tmpfs over {spec.Linux.MaskedPaths[0]} (linux.maskedPaths)", ops[firstMasked].Msg);
    }

    [Fact]
    public void Process_errors_name_the_field_as_the_reexecuted_init_does()
    {
        var spec = DefaultSpec.Create(rootless: false);
        spec.Process = spec.Process! with { Args = ["nosuch"], Cwd = "/work" };
        var (_, messages) = Build(spec);
        Assert.Contains("exec: \"nosuch\": executable file not found in $PATH", messages);
        Assert.Contains("setrlimit RLIMIT_NOFILE soft=1024 hard=1024 (process.rlimits[0])", messages);
        Assert.Contains("setrlimit RLIMIT_NOFILE soft=1024 hard=1024 (process.rlimits[0]) (raising a hard limit needs CAP_SYS_RESOURCE, which the runtime does not have)", messages);
        Assert.Contains("chdir to cwd (\"/work\") set in config.json", messages);
        Assert.Contains("create cwd /work (process.cwd)", messages);
        // One exec message per $PATH candidate, in PATH order.
        Assert.Contains("exec /usr/local/sbin/nosuch", messages);
        Assert.True(messages.IndexOf("exec /usr/local/sbin/nosuch") < messages.IndexOf("exec /bin/nosuch"));
    }

    [Fact]
    public void Prestart_hooks_are_asked_of_the_parent_before_pivot_root()
    {
        var spec = DefaultSpec.Create(rootless: false);
        spec.Hooks = new Ocirt.Spec.Model.Hooks { Prestart = [new Ocirt.Spec.Model.Hook { Path = "/bin/true" }] };
        var (ops, _) = Build(spec);
        int hooks = ops.FindIndex(o => o.Kind == InitOpKind.ParentHooks);
        Assert.True(hooks > 0 && hooks < ops.FindIndex(o => o.Kind == InitOpKind.PivotRoot));
    }

    [Fact]
    public void Configurations_the_plan_does_not_cover_keep_the_reexecuted_init()
    {
        var spec = DefaultSpec.Create(rootless: false);
        // A unit test's binary is writable: that alone sends it to the re-exec.
        Assert.NotNull(InitPlanBuilder.Unsupported(spec, "/tmp/bundle", ["pid", "mount"], false, false, null, 0));
    }
}
