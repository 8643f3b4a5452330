using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// runc's known container escapes, each attempted for real from inside a container; the test
/// asserts the attack failed. Runtime-agnostic where possible (runc 1.1.5 passes them too).
/// </summary>
public sealed class EscapeTests : ContainerTest
{
    /// <summary>
    /// CVE-2019-5736: a container process opens the runtime's binary through /proc/&lt;pid&gt;/exe of a
    /// runtime process inside the container (the parked init), keeps the fd, and writes through it once
    /// the runtime has exec'd away. A copy of the binary is the victim, so a success ruins only the copy.
    /// </summary>
    [Fact]
    public void CVE_2019_5736_the_runtime_binary_cannot_be_overwritten_through_proc_exe()
    {
        string victimDir = Path.Combine(Path.GetTempPath(), "ocirt-conf-victim-" + Env.NewSuffix());
        Directory.CreateDirectory(victimDir);
        OnCleanup(() => Directory.Delete(victimDir, recursive: true));
        string victim = Path.Combine(victimDir, Path.GetFileName(Env.Binary));
        File.Copy(Env.Binary, victim);
        File.SetUnixFileMode(victim, (UnixFileMode)0x1ed /* 0755 */);
        byte[] before = SHA256.HashData(File.ReadAllBytes(victim));
        var rt = new Runtime(StateRoot, Bundle.Dir, victim);

        Bundle.ReadonlyRootfs(false).Shell("sleep 30");
        string id = NewId();
        rt.Must("create", id);
        // While the init (a runtime process) is parked inside: grab its exe, then keep writing through it.
        const string attack =
            // (a failed `exec 3<` would end the shell: probe in a child first)
            "if ! sh -c 'exec 3</proc/1/exe' 2>/dev/null; then echo refused >/attack; exit 0; fi; " +
            "exec 3</proc/1/exe; echo opened >/attack; " +
            "i=0; while [ $i -lt 50 ]; do echo pwned >>/proc/self/fd/3 2>/dev/null && { echo wrote >>/attack; exit 0; }; " +
            "i=$((i+1)); usleep 100000; done; echo gave-up >>/attack";
        rt.Must("exec", "-d", id, "sh", "-c", attack);
        string log = Path.Combine(Bundle.Rootfs, "attack");
        Assert.True(Poll.Until(() => File.Exists(log), 10_000), "the attack did not run");
        rt.Must("start", id);
        Assert.True(Poll.Until(() => File.ReadAllText(log).Contains("refused") || File.ReadAllText(log).Contains("wrote")
            || File.ReadAllText(log).Contains("gave-up"), 15_000), "the attack did not finish: " + File.ReadAllText(log));

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(victim)));
        Assert.DoesNotContain("wrote", File.ReadAllText(log));
        if (!Env.IsRunc) Assert.Contains("refused", File.ReadAllText(log)); // ocirt: its processes are not dumpable
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int statvfs(string path, byte[] buf);

    /// <summary>
    /// CVE-2019-5736, the "#!/proc/self/exe" way: whoever opens the parked init's exe — the host's
    /// ocirt file — gets it on a read-only mount, so no write can reach the binary.
    /// </summary>
    [OcirtOnlyFact("runc 1.1.5 seals a memfd copy instead")]
    public void CVE_2019_5736_the_init_runs_from_a_read_only_mount()
    {
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("create", id);
        var buf = new byte[112]; // struct statvfs: f_flag (unsigned long) at offset 72 on x86_64
        Assert.Equal(0, statvfs($"/proc/{Rt.Pid(id)}/exe", buf));
        Assert.Equal(1UL, BitConverter.ToUInt64(buf, 72) & 1 /* ST_RDONLY */);
        var write = Exec.Run("/bin/sh", ["-c", $"echo x >> /proc/{Rt.Pid(id)}/exe"]);
        Assert.NotEqual(0, write.ExitCode);
    }

    /// <summary>
    /// The other protected install: an immutable binary (`chattr +i`) cannot be opened for writing, so ocirt
    /// does not re-execute itself — the parked init is a fork of the binary as started — and a write through
    /// the init's /proc/PID/exe fails.
    /// </summary>
    [OcirtOnlyFact("ocirt's install options")]
    public void An_immutable_binary_is_used_as_is_and_cannot_be_written()
    {
        // Beside the build (a filesystem with inode flags), not /tmp.
        string dir = Path.Combine(Path.GetDirectoryName(Env.Binary)!, "immutable-" + Env.NewSuffix());
        Directory.CreateDirectory(dir);
        string binary = Path.Combine(dir, "ocirt");
        File.Copy(Env.Binary, binary);
        File.SetUnixFileMode(binary, (UnixFileMode)0x1ed /* 0755 */);
        OnCleanup(() =>
        {
            Exec.Run("chattr", ["-i", binary]);
            Directory.Delete(dir, recursive: true);
        });
        var chattr = Exec.Run("chattr", ["+i", binary]);
        Assert.True(chattr.ExitCode == 0, "chattr +i: " + chattr);
        var rt = new Runtime(StateRoot, Bundle.Dir, binary);

        Bundle.Shell("sleep 30");
        string id = NewId();
        rt.Must("create", id);
        int pid = rt.Pid(id);
        Assert.Equal(binary, new FileInfo($"/proc/{pid}/exe").LinkTarget);
        var write = Exec.Run("/bin/sh", ["-c", $"echo x >> /proc/{pid}/exe"]);
        Assert.NotEqual(0, write.ExitCode);
        rt.Must("delete", "-f", id);
    }

    /// <summary>
    /// CVE-2019-5736 for exec: the process exec'd into a container is a fork of ocirt until its execve, so
    /// a "#!/proc/self/exe" program would start ocirt's binary inside the container. That fork runs from a
    /// read-only mount too (ocirt re-executes itself from one first). Seen while the fork waits, frozen,
    /// right before its execve (exec --ignore-paused into a paused container).
    /// </summary>
    [OcirtOnlyFact("runc 1.1.5 seals a memfd copy instead")]
    public void CVE_2019_5736_an_exec_runs_from_a_read_only_mount_until_its_execve()
    {
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        Rt.Must("pause", id);
        string pidFile = Path.Combine(Bundle.Dir, "exec.pid");
        Rt.Must("exec", "--ignore-paused", "-d", "--pid-file", pidFile, id, "sleep", "1000");
        int pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.NotEqual("sleep", File.ReadAllText($"/proc/{pid}/comm").Trim()); // still the fork, before execve
        var buf = new byte[112];
        Assert.Equal(0, statvfs($"/proc/{pid}/exe", buf));
        Assert.Equal(1UL, BitConverter.ToUInt64(buf, 72) & 1 /* ST_RDONLY */);
        Rt.Must("resume", id);
    }

    /// <summary>
    /// CVE-2024-21626: process.cwd through a runtime fd leaked into the container (/proc/self/fd/N)
    /// would put the program in a host directory. Every N either fails or lands inside the root.
    /// </summary>
    [Fact]
    public void CVE_2024_21626_cwd_through_a_leaked_fd_never_reaches_the_host()
    {
        for (int n = 3; n <= 12; n++)
        {
            Bundle.Cwd($"/proc/self/fd/{n}").Shell("pwd; ls /proc/self/cwd/../../../ 2>&1 | head -50");
            var r = Rt.Run("run", NewId());
            if (r.ExitCode != 0) continue;
            Assert.StartsWith("/", r.Stdout);
            Assert.DoesNotContain("(unreachable)", r.Stdout);
        }
    }

    [Fact]
    public void CVE_2024_21626_exec_cwd_through_a_leaked_fd_never_reaches_the_host()
    {
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        for (int n = 3; n <= 12; n++)
        {
            var r = Rt.Run("exec", "--cwd", $"/proc/self/fd/{n}", id, "pwd");
            if (r.ExitCode != 0) continue;
            Assert.StartsWith("/", r.Stdout);
            Assert.DoesNotContain("(unreachable)", r.Stdout);
        }
    }

    /// <summary>The program starts with stdio only: no runtime fd (state dir, cgroup, sockets) leaks in.</summary>
    [Fact]
    public void Only_stdio_reaches_the_container()
    {
        string fds = Observe("ls /proc/self/fd");
        // ls itself has its directory open (3); nothing else may be there.
        Assert.Equal(["0", "1", "2", "3"], fds.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Mount destinations through symlinks in the image (CVE-2021-30465 family): an absolute or
    /// escaping symlink is resolved inside the rootfs, never onto the host path it names.
    /// </summary>
    [Fact]
    public void A_symlinked_mount_destination_stays_inside_the_rootfs()
    {
        string hostDir = Path.Combine(Path.GetTempPath(), "ocirt-conf-host-" + Env.NewSuffix());
        Directory.CreateDirectory(hostDir);
        OnCleanup(() => Directory.Delete(hostDir, recursive: true));
        File.WriteAllText(Path.Combine(hostDir, "marker"), "host");
        File.CreateSymbolicLink(Path.Combine(Bundle.Rootfs, "abs"), hostDir);
        File.CreateSymbolicLink(Path.Combine(Bundle.Rootfs, "rel"), "../../../../../../../.." + hostDir);
        Bundle.AddMount("/abs", "tmpfs", "tmpfs").AddMount("/rel/sub", "tmpfs", "tmpfs");
        string inside = Observe("grep -c ' " + hostDir + "' /proc/self/mountinfo; ls " + hostDir);
        Assert.StartsWith("2", inside);                 // both landed at <rootfs>/<hostDir>, seen from inside
        Assert.Equal("host", File.ReadAllText(Path.Combine(hostDir, "marker"))); // the host dir was never touched
        Assert.Equal(["marker"], Directory.GetFileSystemEntries(hostDir).Select(Path.GetFileName));
    }

    /// <summary>
    /// CVE-2019-19921: /proc in the image is a symlink elsewhere. Either the runtime refuses, or
    /// procfs and the masked paths still end up where /proc resolves: a masked file reads empty.
    /// </summary>
    [Fact]
    public void A_proc_symlink_does_not_unmask_masked_paths()
    {
        Directory.Delete(Path.Combine(Bundle.Rootfs, "proc"));
        Directory.CreateDirectory(Path.Combine(Bundle.Rootfs, "elsewhere"));
        File.CreateSymbolicLink(Path.Combine(Bundle.Rootfs, "proc"), "/elsewhere");
        Bundle.Edit(c => c["linux"]!["maskedPaths"]!.AsArray().Add("/proc/cpuinfo"));
        var r = RunShell("wc -c < /proc/cpuinfo");
        if (r.ExitCode != 0) return; // refused: fine
        Assert.Equal("0", r.Stdout.Trim());
    }
}
