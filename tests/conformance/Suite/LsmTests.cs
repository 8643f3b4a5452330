using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// AppArmor and SELinux labels on a host that has neither (this machine): refused at create with the
/// field named and nothing left behind, never run unconfined in silence.
/// </summary>
public sealed class LsmTests : ContainerTest
{
    private void AssertRefused(string ocirtPhrase)
    {
        Bundle.Shell("true");
        string id = NewId();
        var r = Rt.Run("run", id);
        Assert.Equal(1, r.ExitCode);
        if (!Env.IsRunc) Assert.Contains(ocirtPhrase, r.Stderr);
        Assert.False(Rt.Exists(id));
        Assert.True(!Directory.Exists(StateRoot) || Directory.GetDirectories(StateRoot).Length == 0, "a state dir was left");
    }

    [Fact]
    public void An_apparmor_profile_without_apparmor_is_refused()
    {
        Skip.If(File.Exists("/sys/module/apparmor/parameters/enabled"), "this host has AppArmor");
        Bundle.Edit(c => c["process"]!["apparmorProfile"] = "docker-default");
        AssertRefused("requested but AppArmor is not enabled on this host");
    }

    [Fact]
    public void An_selinux_label_without_selinux_is_refused()
    {
        Skip.If(Directory.Exists("/sys/fs/selinux"), "this host has SELinux");
        Bundle.Edit(c => c["process"]!["selinuxLabel"] = "system_u:system_r:container_t:s0");
        AssertRefused("selinux label is specified in config, but selinux is disabled or not supported");
    }

    [Fact]
    public void A_mount_label_without_selinux_is_refused()
    {
        Skip.If(Directory.Exists("/sys/fs/selinux"), "this host has SELinux");
        Bundle.Edit(c => c["linux"]!["mountLabel"] = "system_u:object_r:container_file_t:s0");
        AssertRefused("linux.mountLabel:");
    }

    [Fact]
    public void Exec_with_an_apparmor_profile_without_apparmor_fails_with_255()
    {
        Skip.If(File.Exists("/sys/module/apparmor/parameters/enabled"), "this host has AppArmor");
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        string process = Path.Combine(Bundle.Dir, "exec-process.json");
        var p = Bundle.Process.DeepClone()!.AsObject();
        p["args"] = BusyboxBundle.Array("true");
        p["apparmorProfile"] = "docker-default";
        File.WriteAllText(process, p.ToJsonString());
        var r = Rt.Run("exec", "--process", process, id);
        Assert.Equal(255, r.ExitCode);
        if (!Env.IsRunc) Assert.Contains("apparmorProfile", r.Stderr);
    }
}
