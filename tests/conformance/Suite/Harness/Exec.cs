using System.Diagnostics;

namespace Ocirt.Conformance.Harness;

public sealed record ExecResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
}

/// <summary>
/// Runs a program with a time limit. stdout/stderr go to temp files, not pipes: a detached container
/// inherits the runtime's stdio and may keep it open long after the runtime exits. On timeout the process
/// is killed by pid and a TimeoutException is thrown.
/// </summary>
public static class Exec
{
    public const int DefaultTimeoutMs = 20_000;

    public static ExecResult Run(string file, IEnumerable<string> args, string? cwd = null, int timeoutMs = DefaultTimeoutMs)
    {
        string tmp = Path.Combine(Path.GetTempPath(), "ocirt-conf-io-" + Env.NewSuffix());
        string outFile = tmp + ".out", errFile = tmp + ".err";
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = cwd ?? Directory.GetCurrentDirectory(),
            RedirectStandardInput = false, RedirectStandardOutput = false, RedirectStandardError = false,
        };
        // exec: the pid we hold is the program's own pid.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" </dev/null >'" + outFile + "' 2>'" + errFile + "'");
        info.ArgumentList.Add(file);
        foreach (string a in args) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            if (!p.WaitForExit(timeoutMs))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.WaitForExit(5000);
                throw new TimeoutException($"`{file} {string.Join(" ", args)}` did not finish within {timeoutMs} ms; killed pid {p.Id}. " +
                                           $"stdout so far: {ReadOr(outFile)} stderr so far: {ReadOr(errFile)}");
            }
            return new ExecResult(p.ExitCode, ReadOr(outFile), ReadOr(errFile));
        }
        finally
        {
            File.Delete(outFile);
            File.Delete(errFile);
        }
    }

    private static string ReadOr(string path)
    {
        try { return File.ReadAllText(path); } catch (IOException) { return ""; }
    }
}
