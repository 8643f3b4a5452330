using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// mounts[].options, one row per option (FIELDS.md), observed in the container's /proc/self/mountinfo.
/// Expectations: "+x" per-mount option present, "-x" absent, "^x" superblock option present, "!x" absent.
/// </summary>
public sealed class ConfigMountOptionTests : ContainerTest
{
    private string HostDir(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ocirt-conf-{name}-{Env.NewSuffix()}");
        Directory.CreateDirectory(dir);
        OnCleanup(() => Directory.Delete(dir, recursive: true));
        return dir;
    }

    private MountInfo Inside(string mountPoint) => MountInfo.Of(Observe("cat /proc/self/mountinfo"), mountPoint);

    private static void Expect(MountInfo m, string expectations)
    {
        foreach (string e in expectations.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = e[1..];
            bool ok = e[0] switch
            {
                '+' => m.Options.Contains(name),
                '-' => !m.Options.Contains(name),
                '^' => m.SuperOptions.Contains(name),
                '!' => !m.SuperOptions.Contains(name),
                _ => throw new ArgumentException(e),
            };
            Assert.True(ok, $"expected {e}: {m}");
        }
    }

    [Theory]
    [InlineData("ro", "+ro")]
    [InlineData("rw", "+rw -ro")]
    [InlineData("ro,rw", "+rw -ro")]
    [InlineData("nosuid", "+nosuid")]
    [InlineData("nosuid,suid", "-nosuid")]
    [InlineData("nodev", "+nodev")]
    [InlineData("nodev,dev", "-nodev")]
    [InlineData("noexec", "+noexec")]
    [InlineData("noexec,exec", "-noexec")]
    [InlineData("noatime", "+noatime -relatime")]
    [InlineData("noatime,atime", "-noatime")]
    [InlineData("relatime", "+relatime")]
    [InlineData("noatime,norelatime", "+noatime -relatime")]
    [InlineData("strictatime", "-relatime -noatime")]
    [InlineData("strictatime,nostrictatime", "+relatime")]
    [InlineData("nodiratime", "+nodiratime")]
    [InlineData("nodiratime,diratime", "-nodiratime")]
    [InlineData("sync", "^sync")]
    [InlineData("sync,async", "!sync")]
    [InlineData("dirsync", "^dirsync")]
    [InlineData("mand", "^mand")]
    [InlineData("lazytime", "^lazytime")]
    [InlineData("lazytime,nolazytime", "!lazytime")]
    [InlineData("silent", "+rw")]  // MS_SILENT only quiets kernel messages: accepted, nothing to see
    [InlineData("silent,loud", "+rw")]
    [InlineData("size=1m,mode=700,uid=1000,gid=1000", "^size=1024k ^mode=700 ^uid=1000 ^gid=1000")]
    [InlineData("nosuid,nodev,noexec,ro,size=64k", "+ro +nosuid +nodev +noexec ^size=64k")]
    public void Tmpfs_mount_option_is_applied(string options, string expectations)
    {
        Bundle.AddMount("/m", "tmpfs", "tmpfs", options.Split(','));
        Expect(Inside("/m"), expectations);
    }

    [OcirtOnlyFact("runc 1.1.5 passes \"defaults\" to the filesystem as data (EINVAL); mount(8) treats it as no flags")]
    public void Defaults_means_no_flags()
    {
        Bundle.AddMount("/m", "tmpfs", "tmpfs", "defaults");
        Expect(Inside("/m"), "+rw -ro -nosuid -nodev -noexec");
    }

    [Theory]
    [InlineData("bind,ro", "+ro")]
    [InlineData("rbind,ro", "+ro")]
    [InlineData("bind,nosuid", "+nosuid")]
    [InlineData("bind,nodev", "+nodev")]
    [InlineData("bind,noexec", "+noexec")]
    [InlineData("bind,noatime", "+noatime")]
    [InlineData("bind,nodiratime", "+nodiratime")]
    [InlineData("bind,strictatime", "-relatime -noatime")]
    [InlineData("bind,rw", "+rw")]
    public void Bind_mount_flags_are_applied_by_a_remount(string options, string expectations)
    {
        string src = HostDir("bind");
        Bundle.AddMount("/b", "bind", src, options.Split(','));
        Expect(Inside("/b"), expectations);
    }

    [Fact]
    public void A_read_only_bind_refuses_writes_and_the_host_stays_untouched()
    {
        string src = HostDir("robind");
        Bundle.AddMount("/b", "bind", src, "bind", "ro");
        var r = RunShell("touch /b/x && echo wrote || echo refused");
        Assert.Equal("refused\n", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(src));
    }

    [Fact]
    public void Bind_is_not_recursive_but_rbind_is()
    {
        string dir = HostDir("tree");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var mount = Exec.Run("/bin/mount", ["-t", "tmpfs", "tmpfs", Path.Combine(dir, "sub")]);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        OnCleanup(() => Exec.Run("/bin/umount", [Path.Combine(dir, "sub")]));
        Bundle.AddMount("/plain", "bind", dir, "bind").AddMount("/rec", "bind", dir, "rbind");
        string info = Observe("cat /proc/self/mountinfo");
        var lines = info.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[4]).ToList();
        Assert.Contains("/rec/sub", lines);
        Assert.DoesNotContain("/plain/sub", lines);
    }

    /// <summary>Recursive attributes reach a submount of the bound tree; the host submount is made the opposite way first.</summary>
    [Theory]
    [InlineData("rro", "size=64k", "+ro")]
    [InlineData("rrw", "ro", "+rw -ro")]
    [InlineData("rnosuid", "size=64k", "+nosuid")]
    [InlineData("rsuid", "nosuid", "-nosuid")]
    [InlineData("rnodev", "size=64k", "+nodev")]
    [InlineData("rdev", "nodev", "-nodev")]
    [InlineData("rnoexec", "size=64k", "+noexec")]
    [InlineData("rexec", "noexec", "-noexec")]
    [InlineData("rnoatime", "relatime", "+noatime")]
    [InlineData("rnorelatime", "relatime", "+relatime")] // clearing relatime (0) leaves the kernel default: accepted, no change
    [InlineData("rrelatime", "noatime", "+relatime -noatime")]
    [InlineData("rstrictatime", "relatime", "-relatime -noatime")]
    [InlineData("rnodiratime", "size=64k", "+nodiratime")]
    [InlineData("rdiratime", "nodiratime", "-nodiratime")]
    [InlineData("rnosymfollow", "size=64k", "+nosymfollow")]
    public void Recursive_option_reaches_submounts(string option, string hostSubOptions, string expectations)
    {
        string dir = HostDir("rtree");
        string sub = Path.Combine(dir, "sub");
        Directory.CreateDirectory(sub);
        var mount = Exec.Run("/bin/mount", ["-t", "tmpfs", "-o", hostSubOptions, "tmpfs", sub]);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        OnCleanup(() => Exec.Run("/bin/umount", [sub]));
        Bundle.AddMount("/t", "bind", dir, "rbind", option);
        Expect(Inside("/t/sub"), expectations);
    }

    /// <summary>runc 1.1.5 fails these with EINVAL from mount_setattr (attr_clr without the whole atime field).</summary>
    [Theory]
    [InlineData("ratime", "noatime")]
    [InlineData("rnostrictatime", "strictatime")]
    public void Recursive_atime_reset_goes_back_to_relatime(string option, string hostSubOptions)
    {
        if (Env.IsRunc) return; // R115 difference, FIELDS.md
        Recursive_option_reaches_submounts(option, hostSubOptions, "+relatime -noatime");
    }

    [Fact]
    public void A_file_can_be_bound_and_its_missing_target_is_created_as_a_file()
    {
        string src = Path.Combine(HostDir("file"), "f");
        File.WriteAllText(src, "file-content");
        Bundle.AddMount("/new/dir/f", "bind", src, "bind", "ro");
        Assert.Equal("regular file|file-content", Observe("printf '%s|' \"$(stat -c %F /new/dir/f)\"; cat /new/dir/f"));
        Assert.True(File.Exists(Path.Combine(Bundle.Rootfs, "new", "dir", "f")), "the target file was created in the rootfs");
    }

    [Fact]
    public void A_missing_target_of_a_directory_bind_is_created_as_a_directory()
    {
        string src = HostDir("dir");
        File.WriteAllText(Path.Combine(src, "inner"), "x");
        Bundle.AddMount("/made/here", "bind", src, "rbind");
        Assert.Equal("directory|inner", Observe("printf '%s|' \"$(stat -c %F /made/here)\"; ls /made/here").Trim());
        Assert.True(Directory.Exists(Path.Combine(Bundle.Rootfs, "made", "here")));
    }

    [Fact]
    public void A_relative_bind_source_is_taken_from_the_bundle()
    {
        Directory.CreateDirectory(Path.Combine(Bundle.Dir, "rel-src"));
        File.WriteAllText(Path.Combine(Bundle.Dir, "rel-src", "hello"), "bundle-relative");
        Bundle.AddMount("/r", "bind", "rel-src", "rbind", "ro");
        Assert.Equal("bundle-relative", Observe("cat /r/hello"));
    }
}
