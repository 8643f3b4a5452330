using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>
/// Terminals (runc-contract.md §3.1): the pty master over --console-socket for create and exec -t, a shell driven
/// through it, consoleSize, /dev/console; foreground `run` with a terminal under a pty the test makes with script(1),
/// including SIGWINCH; runc's errors for invalid combinations.
/// </summary>
public sealed class ConsoleTtyTests : ContainerTest
{
    private string SocketPath()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ocirt-conf-sock-" + Env.NewSuffix());
        Directory.CreateDirectory(dir);
        OnCleanup(() => Directory.Delete(dir, recursive: true));
        return Path.Combine(dir, "console.sock");
    }

    private BusyboxBundle TerminalShell(int rows = 33, int cols = 101) => Bundle.Args("sh").Edit(c =>
    {
        c["process"]!["terminal"] = true;
        c["process"]!["consoleSize"] = new JsonObject { ["height"] = rows, ["width"] = cols };
    });

    [Fact]
    public void Create_sends_the_pty_master_and_a_shell_is_driven_through_it()
    {
        TerminalShell();
        string id = NewId(), sock = SocketPath();
        using var receiver = new FdReceiver(sock);
        Rt.Must("create", "--console-socket", sock, id);
        var (_, fd) = receiver.Wait();
        using var pty = new PtyMaster(fd);
        Rt.Must("start", id);
        pty.Write("tty; stty size; [ -t 0 ] && [ -c /dev/console ] && echo console-ok; echo hi-$((40+2))\n");
        string screen = pty.ReadUntil("hi-42\r\n");
        Assert.Matches(@"/dev/pts/\d+", screen);
        Assert.Contains("33 101", screen);
        Assert.Contains("console-ok", screen);
        pty.Write("exit 3\n");
        Rt.WaitForStatus(id, "stopped");
    }

    [Fact]
    public void Exec_tty_detached_sends_its_own_pty_master()
    {
        Bundle.Args("sleep", "1000");
        string id = NewId(), sock = SocketPath();
        Rt.Must("run", "-d", id);
        using var receiver = new FdReceiver(sock);
        Rt.Must("exec", "-t", "-d", "--console-socket", sock, id, "sh");
        var (_, fd) = receiver.Wait();
        using var pty = new PtyMaster(fd);
        pty.Write("tty; [ -t 1 ] && echo out-is-tty; echo pid1-$(cat /proc/1/comm); echo hi-$((40+2))\n");
        string screen = pty.ReadUntil("hi-42\r\n");
        Assert.Matches(@"/dev/pts/\d+", screen);
        Assert.Contains("out-is-tty", screen);
        Assert.Contains("pid1-sleep", screen);
        pty.Write("exit\n");
    }

    [Fact]
    public void Terminal_and_console_socket_combinations_runc_refuses()
    {
        TerminalShell();
        string id = NewId();
        Rt.MustFail("cannot allocate tty if", "run", "-d", id);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
        Bundle.Edit(c => c["process"]!["terminal"] = false);
        string sock = SocketPath();
        using var receiver = new FdReceiver(sock);
        Rt.MustFail("cannot use console socket if", "create", "--console-socket", sock, id);
        Assert.False(Directory.Exists(Path.Combine(StateRoot, id)));
    }

    /// <summary>`run` in the foreground with process.terminal under script(1)'s pty; returns script's result.</summary>
    private ExecResult RunUnderScript(string id, string shellBeforeRun, string shellAfterStart = "")
    {
        string run = $"'{Rt.Binary}' --root '{Rt.Root}' run {id}";
        string inner = shellAfterStart.Length == 0
            ? $"{shellBeforeRun}; {run}"
            : $"{shellBeforeRun}; {run} </dev/tty & {shellAfterStart}; wait $!";
        return Exec.Run("/usr/bin/script", ["-qefc", inner, "/dev/null"], Bundle.Dir, 30_000);
    }

    [Fact]
    public void Foreground_run_with_a_terminal_gets_a_pty_sized_like_the_callers()
    {
        Bundle.Shell("tty; stty size; [ -t 0 ] && echo in-tty; exit 5").Edit(c => c["process"]!["terminal"] = true);
        var r = RunUnderScript(NewId(), "stty rows 27 cols 91");
        Assert.True(r.ExitCode == 5, "the exit status must come through: " + r);
        Assert.Matches(@"/dev/pts/\d+", r.Stdout);
        Assert.Contains("27 91", r.Stdout);
        Assert.Contains("in-tty", r.Stdout);
    }

    [Fact]
    public void Foreground_run_passes_window_size_changes_on()
    {
        // The trap is set before /ready appears: the size changes only then (a fixed sleep was too short under load).
        Bundle.Shell("trap 'echo size-$(stty size | tr \" \" x); exit 7' WINCH; touch /ready; while :; do sleep 0.05; done")
              .ReadonlyRootfs(false).Edit(c => c["process"]!["terminal"] = true);
        // The size changes on the caller's terminal; the kernel signals its foreground group, ocirt among it.
        var r = RunUnderScript(NewId(), "stty rows 10 cols 20",
            "i=0; while [ ! -e rootfs/ready ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; stty rows 44 cols 55");
        Assert.True(r.ExitCode == 7, "the container's WINCH trap must run and exit 7: " + r);
        Assert.Contains("size-44x55", r.Stdout);
    }

    [Fact]
    public void Foreground_run_restores_the_callers_terminal_settings()
    {
        string before = Path.Combine(Bundle.Dir, "stty.before"), after = Path.Combine(Bundle.Dir, "stty.after"), during = Path.Combine(Bundle.Dir, "stty.during");
        Bundle.Shell("echo ran").Edit(c => c["process"]!["terminal"] = true);
        string run = $"'{Rt.Binary}' --root '{Rt.Root}' run {NewId()}";
        // While the container runs the caller's terminal is raw (-icanon -echo); afterwards it is as it was.
        var r = Exec.Run("/usr/bin/script", ["-qefc", $"stty -g > {before}; {run}; stty -g > {after}", "/dev/null"], Bundle.Dir, 30_000);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("ran", r.Stdout);
        Assert.Equal(File.ReadAllText(before), File.ReadAllText(after));
        Bundle.Shell("sleep 1").Edit(c => c["process"]!["terminal"] = true);
        string run2 = $"'{Rt.Binary}' --root '{Rt.Root}' run {NewId()}";
        r = Exec.Run("/usr/bin/script", ["-qefc", $"{run2} </dev/tty & sleep 0.5; stty -a > {during}; wait $!", "/dev/null"], Bundle.Dir, 30_000);
        Assert.True(r.ExitCode == 0, r.ToString());
        string settings = File.ReadAllText(during);
        Assert.Contains("-icanon", settings);
        Assert.Contains("-echo ", settings);
    }
}
