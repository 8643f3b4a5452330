using System.Text;
using System.Text.Json;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Spawn;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Hooks;

/// <summary>
/// Runs config.json hooks as runc does: path and args verbatim (argv[0] from the config), env as
/// given, the state JSON on stdin, stdout/stderr captured into the error, an optional timeout.
/// </summary>
public static unsafe class HookRunner
{
    /// <summary>Runs every hook of one kind in order; the first failure throws.</summary>
    public static void RunAll(string kind, List<Hook>? hooks, HookState state)
    {
        if (hooks is not { Count: > 0 }) return;
        byte[] stdin = JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.HookState);
        for (int i = 0; i < hooks.Count; i++)
        {
            string? failure = RunOne(hooks[i], stdin);
            if (failure != null) throw new OcirtException(Failed(kind, i, failure));
        }
    }

    /// <summary>
    /// poststart and poststop (runtime-spec: a failure is a warning and the remaining hooks still run):
    /// runs every hook of the kind and returns the failures, in order; empty when all succeeded.
    /// </summary>
    public static List<string> RunEach(string kind, List<Hook>? hooks, HookState state)
    {
        var failures = new List<string>();
        if (hooks is not { Count: > 0 }) return failures;
        byte[] stdin = JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.HookState);
        for (int i = 0; i < hooks.Count; i++)
            if (RunOne(hooks[i], stdin) is { } failure) failures.Add(Failed(kind, i, failure));
        return failures;
    }

    private static string Failed(string kind, int index, string failure) => $"error running {kind} hook #{index}: {failure}";

    /// <summary>null on success, else the reason with the captured output.</summary>
    private static string? RunOne(Hook hook, byte[] stdin)
    {
        int* inPipe = stackalloc int[2];
        int* outPipe = stackalloc int[2];
        int* errPipe = stackalloc int[2];
        const int O_CLOEXEC = OpenFlags.O_CLOEXEC;
        Errno.Check(PosixSpawn.Pipe2(inPipe, O_CLOEXEC), "pipe2");
        Errno.Check(PosixSpawn.Pipe2(outPipe, O_CLOEXEC), "pipe2");
        Errno.Check(PosixSpawn.Pipe2(errPipe, O_CLOEXEC), "pipe2");

        using var native = new NativeStrings();
        void* actions = native.Alloc(PosixSpawn.FileActionsSize);
        PosixSpawn.FileActionsInit(actions);
        PosixSpawn.FileActionsAddDup2(actions, inPipe[0], 0);
        PosixSpawn.FileActionsAddDup2(actions, outPipe[1], 1);
        PosixSpawn.FileActionsAddDup2(actions, errPipe[1], 2);
        // A hook gets stdin/stdout/stderr only: the init's channel, exec.fifo and passed fds are not for it.
        PosixSpawn.FileActionsAddCloseFrom(actions, 3);
        var args = hook.Args is { Count: > 0 } ? hook.Args : [hook.Path];
        int pid;
        int rc = PosixSpawn.Spawn(&pid, native.String(hook.Path), actions, null, native.Array(args), native.Array(hook.Env ?? []));
        PosixSpawn.FileActionsDestroy(actions);
        Libc.Close(inPipe[0]); Libc.Close(outPipe[1]); Libc.Close(errPipe[1]);
        if (rc != 0)
        {
            Libc.Close(inPipe[1]); Libc.Close(outPipe[0]); Libc.Close(errPipe[0]);
            return $"fork/exec {hook.Path}: {Errno.Text(rc)}";
        }

        // The hook may not read stdin at all: a short write (EPIPE) is not an error.
        fixed (byte* p = stdin) Libc.Write(inPipe[1], p, (nuint)stdin.Length);
        Libc.Close(inPipe[1]);

        long deadline = hook.Timeout is int t and > 0 ? Environment.TickCount64 + t * 1000L : long.MaxValue;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        bool timedOut = !Drain(outPipe[0], errPipe[0], stdout, stderr, deadline);
        if (timedOut) Libc.Kill(pid, 9);
        Libc.Close(outPipe[0]); Libc.Close(errPipe[0]);
        int status = 0;
        while (Libc.Waitpid(pid, &status, 0) < 0 && Errno.Last == Errno.EINTR) { }

        if (timedOut) return $"hook ran past specified timeout of {hook.Timeout}.0s";
        int sig = status & 0x7f, code = (status >> 8) & 0xff;
        if (sig == 0 && code == 0) return null;
        string how = sig != 0 ? $"signal: {sig}" : $"exit status {code}";
        return $"{how}, stdout: {Encoding.UTF8.GetString(stdout.ToArray())}, stderr: {Encoding.UTF8.GetString(stderr.ToArray())}";
    }

    /// <summary>Reads both pipes to EOF; false if the deadline passed first.</summary>
    private static bool Drain(int outFd, int errFd, MemoryStream stdout, MemoryStream stderr, long deadline)
    {
        byte* buf = stackalloc byte[4096];
        bool outOpen = true, errOpen = true;
        PollFd* fds = stackalloc PollFd[2];
        while (outOpen || errOpen)
        {
            if (Environment.TickCount64 > deadline) return false;
            fds[0] = new PollFd { Fd = outOpen ? outFd : -1, Events = 1 };
            fds[1] = new PollFd { Fd = errOpen ? errFd : -1, Events = 1 };
            int wait = deadline == long.MaxValue ? 1000 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, 1000);
            if (Libc.Poll(fds, 2, wait) <= 0) continue;
            for (int i = 0; i < 2; i++)
            {
                if (fds[i].Revents == 0) continue;
                nint n = Libc.Read(fds[i].Fd, buf, 4096);
                if (n > 0) (i == 0 ? stdout : stderr).Write(new ReadOnlySpan<byte>(buf, (int)n));
                else if (n == 0 || Errno.Last != Errno.EINTR) { if (i == 0) outOpen = false; else errOpen = false; }
            }
        }
        return true;
    }
}
