using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>maskedPaths and readonlyPaths on the image's own files, domainname, and the "remount" mount option.</summary>
public sealed class ConfigFilesystemTests : ContainerTest
{
    private void AddPath(string field, string path) => Bundle.Edit(c =>
    {
        var list = c["linux"]![field]?.AsArray() ?? [];
        list.Add(path);
        c["linux"]![field] = list.DeepClone();
    });

    [Fact]
    public void A_masked_file_reads_empty_and_a_masked_directory_lists_empty()
    {
        Directory.CreateDirectory(Path.Combine(Bundle.Rootfs, "secretdir"));
        File.WriteAllText(Path.Combine(Bundle.Rootfs, "secretdir", "key"), "dir-secret");
        File.WriteAllText(Path.Combine(Bundle.Rootfs, "etc", "secret"), "file-secret");
        AddPath("maskedPaths", "/secretdir");
        AddPath("maskedPaths", "/etc/secret");
        AddPath("maskedPaths", "/does/not/exist"); // a missing masked path is skipped
        string output = Observe("echo \"[$(cat /etc/secret)]\"; echo \"[$(ls -A /secretdir)]\"; touch /secretdir/x 2>/dev/null || echo dir-ro");
        Assert.Equal("[]\n[]\ndir-ro\n", output);
    }

    [Fact]
    public void A_read_only_path_of_the_image_refuses_writes_but_stays_readable()
    {
        Bundle.ReadonlyRootfs(false);
        Directory.CreateDirectory(Path.Combine(Bundle.Rootfs, "config"));
        File.WriteAllText(Path.Combine(Bundle.Rootfs, "config", "app.conf"), "setting");
        AddPath("readonlyPaths", "/config");
        var r = RunShell("cat /config/app.conf; echo; echo x > /config/app.conf && echo wrote || echo refused; touch /elsewhere && echo rest-writable");
        Assert.Equal("setting\nrefused\nrest-writable\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr);
    }

    [ContractFact("runc 1.1.5 does not set the domainname")]
    public void Domainname_comes_from_the_config()
    {
        Bundle.Edit(c => c["domainname"] = "conf.example");
        Assert.Equal("conf.example", Observe("cat /proc/sys/kernel/domainname").Trim());
    }

    /// <summary>"remount" changes the flags of what is already mounted at the destination (MS_REMOUNT), stacking nothing.</summary>
    [Fact]
    public void The_remount_option_changes_an_earlier_mount()
    {
        Bundle.AddMount("/dev/shm", "tmpfs", "shm", "remount", "ro", "nosuid", "nodev", "noexec");
        string info = Observe("cat /proc/self/mountinfo");
        var m = MountInfo.Of(info, "/dev/shm");
        Assert.Contains("ro", m.Options);
        Assert.Equal(1, info.Split('\n').Count(l => l.Split(' ') is { Length: > 6 } f && f[4] == "/dev/shm"));
    }
}
