using System.Diagnostics;
using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Process I/O and signals (runc-contract.md §3.4, §3.5, §4): which descriptors reach the container, --preserve-fds,
/// LISTEN_FDS, detached runs not holding the caller's pipes, signal forwarding and exit statuses of foreground
/// run/exec, reaping as subreaper, and `ps` formats.
/// </summary>
public sealed class ProcessIoSignalTests : ContainerTest
{
    /// <summary>Runs the runtime (cwd: the bundle) from a shell that first runs setup (opening descriptors, exporting).</summary>
    private ExecResult Sh(string setup, params string[] args) =>
        Exec.Run("/bin/sh", ["-c", setup + "; exec \"$0\" \"$@\"", Rt.Binary, "--root", Rt.Root, .. args], Bundle.Dir);

    private string TempFile(string content)
    {
        string path = Path.Combine(Path.GetTempPath(), "ocirt-conf-fd-" + Env.NewSuffix());
        File.WriteAllText(path, content);
        OnCleanup(() => File.Delete(path));
        return path;
    }

    // The shell is PID 1 of the container: /proc/1/fd lists its descriptors without the lister's own (no pipe,
    // no command substitution: those would open descriptors in the shell itself).
    private const string ListFds = "echo fds-begin; ls -1 /proc/1/fd; echo fds-end";

    private static string Fds(string output)
    {
        var lines = output.Split('\n');
        int begin = Array.IndexOf(lines, "fds-begin"), end = Array.IndexOf(lines, "fds-end");
        Assert.True(begin >= 0 && end > begin, "no fd list in: " + output);
        return string.Join(' ', lines[(begin + 1)..end].Select(int.Parse).Order());
    }

    [Fact]
    public void Only_0_1_2_reach_the_container_even_when_the_caller_has_more_open()
    {
        Bundle.Shell(ListFds);
        var r = Sh("exec 5</etc/hostname 7>/dev/null 9</etc/passwd", "run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0 1 2", Fds(r.Stdout));
    }

    [Fact]
    public void Preserve_fds_passes_exactly_the_next_n_descriptors()
    {
        string file = TempFile("preserved-content");
        Bundle.Shell(ListFds + "; cat <&4");
        var r = Sh($"exec 3</dev/null 4<'{file}' 5</etc/hostname", "run", "--preserve-fds", "2", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0 1 2 3 4", Fds(r.Stdout));
        Assert.Contains("preserved-content", r.Stdout);
    }

    [Fact]
    public void Listen_fds_for_this_pid_are_passed_and_rewritten_for_the_container()
    {
        string file = TempFile("socket-activation");
        Bundle.Shell(ListFds + "; echo env: $LISTEN_FDS $LISTEN_PID; cat <&3");
        // exec keeps the shell's pid: LISTEN_PID=$$ names the runtime itself, as systemd does.
        var r = Sh($"exec 3<'{file}'; export LISTEN_FDS=1 LISTEN_PID=$$", "run", NewId());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0 1 2 3", Fds(r.Stdout));
        Assert.Contains("env: 1 1\n", r.Stdout);
        Assert.Contains("socket-activation", r.Stdout);

        // For another pid the variables are not ours: nothing is passed.
        var other = Sh($"exec 3<'{file}'; export LISTEN_FDS=1 LISTEN_PID=1", "run", NewId());
        Assert.Equal("0 1 2", Fds(other.Stdout));
    }

    [Fact]
    public void Exec_preserve_fds_and_no_leak()
    {
        string file = TempFile("exec-preserved");
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        // `; true` keeps sh from exec'ing ls (then $$ would be ls, with its directory open).
        var leak = Sh("exec 6</etc/hostname", "exec", id, "sh", "-c", ListFds.Replace("/proc/1/", "/proc/$$/") + "; true");
        Assert.True(leak.ExitCode == 0, leak.ToString());
        Assert.Equal("0 1 2", Fds(leak.Stdout));
        var kept = Sh($"exec 3<'{file}'", "exec", "--preserve-fds", "1", id, "cat", "/proc/self/fd/3");
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Equal("exec-preserved", kept.Stdout);
    }

    /// <summary>Starts the runtime with stdout/stderr on pipes; returns when both reached EOF (or throws).</summary>
    private static (int ExitCode, string Out) RunOnPipes(string binary, string cwd, params string[] args)
    {
        var info = new ProcessStartInfo(binary) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!Task.WaitAll([stdout, stderr], 15_000))
        {
            try { p.Kill(); } catch (InvalidOperationException) { }
            throw new TimeoutException($"`{string.Join(" ", args)}`: stdout/stderr still open 15 s later (held by a process that outlived the runtime?)");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void Processes_that_outlive_the_runtime_do_not_hold_its_stdout_or_stderr()
    {
        // The shim's pattern: terminal create with a console socket, then start, each read to EOF while the container lives.
        Bundle.Args("sleep", "1000").Edit(c => c["process"]!["terminal"] = true);
        string id = NewId();
        string sockDir = Path.Combine(Path.GetTempPath(), "ocirt-conf-sock-" + Env.NewSuffix());
        Directory.CreateDirectory(sockDir);
        OnCleanup(() => Directory.Delete(sockDir, recursive: true));
        using var receiver = new FdReceiver(Path.Combine(sockDir, "s"));
        var created = RunOnPipes(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "create", "--console-socket", receiver.Path, id);
        Assert.True(created.ExitCode == 0, created.Out);
        // Kept open until the end: closing the master hangs the terminal up (runc's parked init dies of the SIGHUP).
        using var master = new PtyMaster(receiver.Wait().Fd);
        var started = RunOnPipes(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "start", id);
        Assert.True(started.ExitCode == 0, started.Out);
        Assert.Equal("running", Rt.Status(id));
        // Without a terminal a detached process inherits the runtime's stdio on purpose (§3.4); with one it must not.
        using var execReceiver = new FdReceiver(Path.Combine(sockDir, "e"));
        var exec = RunOnPipes(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "exec", "-t", "-d", "--console-socket", execReceiver.Path, id, "sleep", "1000");
        Assert.True(exec.ExitCode == 0, exec.Out);
        using var execMaster = new PtyMaster(execReceiver.Wait().Fd);
    }

    /// <summary>A foreground `run` in the background of the test: its process and the stdout it has printed so far.</summary>
    private sealed class Foreground : IDisposable
    {
        private readonly Process _p;
        private readonly System.Text.StringBuilder _out = new();
        public int Pid => _p.Id;

        public Foreground(string binary, string cwd, params string[] args)
        {
            var info = new ProcessStartInfo(binary) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (string a in args) info.ArgumentList.Add(a);
            _p = Process.Start(info)!;
            _p.StandardInput.Close();
            _p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_out) _out.Append(e.Data).Append('\n'); };
            _p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_out) _out.Append(e.Data).Append('\n'); };
            _p.BeginOutputReadLine();
            _p.BeginErrorReadLine();
        }

        public string Output { get { lock (_out) return _out.ToString(); } }

        public void WaitFor(string text) => Assert.True(Poll.Until(() => Output.Contains(text), 10_000), $"'{text}' not printed; output: {Output}");

        public int Exit()
        {
            if (!_p.WaitForExit(15_000)) throw new TimeoutException("the foreground runtime did not exit; output: " + Output);
            _p.WaitForExit(); // drains the readers
            return _p.ExitCode;
        }

        public void Dispose()
        {
            try { if (!_p.HasExited) _p.Kill(); } catch (InvalidOperationException) { }
            _p.Dispose();
        }
    }

    private const string Trapper = "trap 'echo got-term; exit 42' TERM; trap 'echo got-usr1; exit 43' USR1; trap 'echo got-chld' CHLD; echo ready; while :; do sleep 0.05; done";

    [Theory]
    [InlineData(15, 42, "got-term")]
    [InlineData(10, 43, "got-usr1")]
    public void Foreground_run_forwards_signals_and_exits_with_the_status(int signal, int status, string marker)
    {
        Bundle.Shell(Trapper);
        using var run = new Foreground(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "run", NewId());
        run.WaitFor("ready");
        Procfs.Kill(run.Pid, signal);
        Assert.Equal(status, run.Exit());
        Assert.Contains(marker, run.Output);
    }

    [Fact]
    public void Foreground_exec_forwards_signals_and_exits_with_the_status()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        using var exec = new Foreground(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "exec", id, "sh", "-c", Trapper);
        exec.WaitFor("ready");
        Procfs.Kill(exec.Pid, 15);
        Assert.Equal(42, exec.Exit());
        Assert.Contains("got-term", exec.Output);
    }

    /// <summary>
    /// The program starts with every signal at its default and none blocked, for run and exec alike: the
    /// runtime's own dispositions (.NET ignores SIGPIPE) must not survive its execve. cat, not the shell,
    /// reports (busybox sh ignores SIGQUIT itself).
    /// </summary>
    [Fact]
    public void The_program_starts_with_no_signal_ignored_or_blocked()
    {
        Bundle.Args("cat", "/proc/self/status");
        string run = Rt.Must("run", NewId()).Stdout;
        Assert.Contains("SigIgn:\t0000000000000000", run);
        Assert.Contains("SigBlk:\t0000000000000000", run);

        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        string exec = Rt.Must("exec", id, "cat", "/proc/self/status").Stdout;
        Assert.Contains("SigIgn:\t0000000000000000", exec);
        Assert.Contains("SigBlk:\t0000000000000000", exec);
    }

    [Fact]
    public void A_container_killed_by_a_signal_gives_128_plus_n()
    {
        Bundle.Shell("echo ready; exec sleep 1000");
        string id = NewId();
        using var run = new Foreground(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "run", id);
        run.WaitFor("ready");
        Rt.WaitForStatus(id, "running");
        Rt.Must("kill", id, "KILL");
        Assert.Equal(137, run.Exit());
    }

    [Fact]
    public void Foreground_run_reaps_orphans_as_subreaper()
    {
        // Without a PID namespace, the container's orphans are reparented to the runtime (the subreaper), which must reap them.
        Bundle.Edit(c => c["linux"]!["namespaces"] = new JsonArray(
            c["linux"]!["namespaces"]!.AsArray().Where(n => n!["type"]!.GetValue<string>() != "pid").Select(n => n!.DeepClone()).ToArray()));
        Bundle.Shell("(sleep 0.3 &); echo orphaned; sleep 3");
        using var run = new Foreground(Rt.Binary, Bundle.Dir, "--root", Rt.Root, "run", NewId());
        run.WaitFor("orphaned");
        Thread.Sleep(1500);
        var zombies = Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsDigit))
            .Select(n => { try { return File.ReadAllText($"/proc/{n}/stat"); } catch (IOException) { return ""; } })
            .Where(stat => stat.Length > 0 && stat[(stat.LastIndexOf(')') + 2)..].Split(' ') is [var state, var ppid, ..] && state == "Z" && ppid == run.Pid.ToString())
            .ToList();
        Assert.True(zombies.Count == 0, "unreaped children of the runtime: " + string.Join(" | ", zombies));
        Assert.Equal(0, run.Exit());
    }

    [Fact]
    public void Ps_table_and_ps_options()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        Rt.Must("run", "-d", id);
        int pid = Rt.Pid(id);
        string table = Rt.Must("ps", id).Stdout;
        string[] lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD", lines[0]);
        Assert.Contains(lines.Skip(1), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var p, ..] && p == pid.ToString() && l.EndsWith("sleep 1000"));
        Assert.Equal(2, lines.Length);

        string custom = Rt.Must("ps", id, "-o", "pid,comm").Stdout;
        string[] rows = custom.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\s*PID\s+COMMAND", rows[0]);
        Assert.Equal($"{pid} sleep", string.Join(' ', rows[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        var json = JsonNode.Parse(Rt.Must("ps", "--format", "json", id).Stdout)!.AsArray();
        Assert.Equal([pid], json.Select(n => n!.GetValue<int>()));
    }

    private static int PidOfPidfd(int fd) =>
        int.Parse(File.ReadAllLines($"/proc/self/fdinfo/{fd}").First(l => l.StartsWith("Pid:"))[4..].Trim());

    [ContractFact("--pidfd-socket is runc 1.2")]
    public void Pidfd_socket_receives_pidfds_of_the_init_and_of_an_exec()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId();
        string dir = Path.Combine(Path.GetTempPath(), "ocirt-conf-sock-" + Env.NewSuffix());
        Directory.CreateDirectory(dir);
        OnCleanup(() => Directory.Delete(dir, recursive: true));
        using (var receiver = new FdReceiver(Path.Combine(dir, "init")))
        {
            Rt.Must("create", "--pidfd-socket", receiver.Path, id);
            var (name, fd) = receiver.Wait();
            try
            {
                Assert.Equal("standard", name);
                Assert.Equal("anon_inode:[pidfd]", new FileInfo($"/proc/self/fd/{fd}").LinkTarget);
                Assert.Equal(Rt.Pid(id), PidOfPidfd(fd));
            }
            finally { FdReceiver.close(fd); }
        }
        Rt.Must("start", id);
        using (var receiver = new FdReceiver(Path.Combine(dir, "exec")))
        {
            string pidFile = Path.Combine(dir, "exec.pid");
            Rt.Must("exec", "-d", "--pid-file", pidFile, "--pidfd-socket", receiver.Path, id, "sleep", "1000");
            var (name, fd) = receiver.Wait();
            try
            {
                Assert.Equal("setns", name);
                Assert.Equal(int.Parse(File.ReadAllText(pidFile).Trim()), PidOfPidfd(fd));
            }
            finally { FdReceiver.close(fd); }
        }
    }
}
