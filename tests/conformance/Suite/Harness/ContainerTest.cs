using Xunit;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// Base of every conformance test (xunit makes one instance per test): checks the preconditions, gives the test
/// a private --root, a fresh busybox bundle and unique container ids, and on Dispose always cleans up —
/// `list -q` → `delete -f` each, remove root and bundle — then fails the test if anything leaked
/// (a cgroup dir named after one of its ids, or a process in such a cgroup).
/// </summary>
[Collection(nameof(ContainerTest))]
public abstract class ContainerTest : IDisposable
{
    protected string StateRoot { get; }
    protected BusyboxBundle Bundle { get; }
    protected Runtime Rt { get; }
    private readonly List<string> _ids = [];
    private readonly List<Action> _cleanups = [];

    protected ContainerTest()
    {
        Preconditions.Check();
        StateRoot = Env.StatePrefix + Env.NewSuffix();
        Bundle = new BusyboxBundle();
        Rt = new Runtime(StateRoot, Bundle.Dir);
    }

    /// <summary>A unique container id (t-xxxxxxxx), remembered for the leak check.</summary>
    protected string NewId()
    {
        string id = "t-" + Env.NewSuffix();
        _ids.Add(id);
        return id;
    }

    /// <summary>Registers an extra cleanup step (run before the standard ones, in reverse order).</summary>
    protected void OnCleanup(Action a) => _cleanups.Add(a);

    /// <summary>Foreground `run` of a shell script in the bundle; returns its result.</summary>
    protected ExecResult RunShell(string script)
    {
        Bundle.Shell(script);
        return Rt.Run("run", NewId());
    }

    /// <summary>Foreground `run`, asserting exit 0; returns stdout.</summary>
    protected string Observe(string script)
    {
        var r = RunShell(script);
        Assert.True(r.ExitCode == 0, $"`run` of `{script}` failed: {r}");
        return r.Stdout;
    }

    public static void ForceDeleteAll(Runtime rt)
    {
        if (!Directory.Exists(rt.Root)) return;
        var list = Exec.Run(rt.Binary, ["--root", rt.Root, "list", "-q"]);
        foreach (string id in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Exec.Run(rt.Binary, ["--root", rt.Root, "delete", "-f", id]);
    }

    public void Dispose()
    {
        var errors = new List<string>();
        for (int i = _cleanups.Count - 1; i >= 0; i--)
        {
            try { _cleanups[i](); } catch (Exception e) { errors.Add("cleanup: " + e.Message); }
        }
        try { ForceDeleteAll(Rt); } catch (Exception e) { errors.Add("delete -f: " + e.Message); }
        // Deleting is asynchronous for a runtime that kills and reaps: give leaks a moment to disappear.
        List<string> leaks = [];
        Poll.Until(() => (leaks = Leaks.Find(_ids)).Count == 0, 3000);
        try { if (Directory.Exists(StateRoot)) Directory.Delete(StateRoot, recursive: true); }
        catch (Exception e) { errors.Add("state root: " + e.Message); }
        Bundle.Dispose();
        GC.SuppressFinalize(this);
        errors.AddRange(leaks.Select(l => "leaked " + l));
        if (errors.Count > 0) throw new Xunit.Sdk.XunitException("cleanup found problems:\n" + string.Join("\n", errors));
    }
}

/// <summary>All container tests in one collection: they run one after another (deterministic, no host contention).</summary>
[CollectionDefinition(nameof(ContainerTest), DisableParallelization = true)]
public sealed class ContainerTestCollection { }
