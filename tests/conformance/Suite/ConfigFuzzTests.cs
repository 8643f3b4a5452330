using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Ocirt.Conformance.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Ocirt.Conformance;

/// <summary>
/// Property-based fuzzing of config.json: seeded random mutations (CsCheck generators on a fixed PCG seed, so a
/// run is reproducible case by case) of a valid busybox config — wrong types, huge numbers, empty and overlong
/// strings, NULs, `../` and /proc/self/fd paths, removed keys. For every one, `create` exits 0 (then `delete -f`
/// removes it) or exits 1 with one plain message naming a config field; never a crash, a hang, a stack trace, a
/// .NET type or resource key, or a leftover (state dir, cgroup, process, mount).
/// </summary>
public sealed class ConfigFuzzTests(ITestOutputHelper output) : ContainerTest
{
    private const ulong Seed = 0x15b_0c1;
    private const int Cases = 250;

    /// <summary>One mutation: where (a path of keys and indexes) and what is put there (null Value: removed).</summary>
    public sealed record Mutation(string[] Path, string Kind, JsonNode? Value)
    {
        public string Where => Path.Length == 0 ? "(root)" : string.Join('.', Path);
        public override string ToString()
        {
            string v = Value?.ToJsonString() ?? "(removed)";
            return $"{Where} <- {Kind}: {(v.Length > 120 ? v[..120] + $"... ({v.Length} chars)" : v)}";
        }
    }

    /// <summary>Fields where hostile values do the most harm: paths, ids, sizes, names.</summary>
    private static readonly string[][] Interesting =
    [
        ["root", "path"], ["process", "cwd"], ["process", "args", "0"], ["process", "args"], ["process", "env", "0"],
        ["process", "user", "uid"], ["process", "user", "gid"], ["process", "rlimits", "0", "hard"], ["process", "rlimits", "0", "type"],
        ["process", "capabilities", "bounding", "0"], ["process", "oomScoreAdj"], ["hostname"], ["mounts", "0", "destination"],
        ["mounts", "1", "source"], ["mounts", "1", "options", "0"], ["mounts", "2", "type"], ["linux", "cgroupsPath"],
        ["linux", "namespaces", "0", "type"], ["linux", "namespaces", "0", "path"], ["linux", "maskedPaths", "0"],
        ["linux", "readonlyPaths", "0"], ["linux", "resources", "devices", "0", "access"], ["linux", "resources", "devices", "0", "allow"],
        ["linux", "rootfsPropagation"], ["ociVersion"], ["process", "terminal"], ["process", "noNewPrivileges"],
    ];

    private static readonly JsonNode?[] HugeNumbers =
    [
        JsonValue.Create(1e308), JsonValue.Create(-1), JsonValue.Create(4294967296L), JsonValue.Create(long.MaxValue),
        JsonValue.Create(long.MinValue), JsonValue.Create(0.5), JsonNode.Parse("18446744073709551616"), JsonNode.Parse("1e400"),
    ];

    private static readonly string[] HostileStrings =
    [
        "", new string('a', 70_000), "a\0b", "\0", "../../../../../../etc", "/../../../../../../tmp", "..", "rootfs/../../..",
        "/proc/self/fd/0", "/proc/self/fd/3", "/proc/self/exe", "/proc/1/root", "\u202e\uffff\ud7ff", " ", "/dev/../sys/..",
    ];

    private static readonly JsonNode?[] WrongTypes =
    [
        JsonValue.Create(true), JsonValue.Create(42), JsonValue.Create("x"), new JsonObject(), new JsonArray(),
        new JsonArray(JsonValue.Create(1), JsonValue.Create("two")), new JsonObject { ["unknownKey"] = 1 },
    ];

    /// <summary>Every path in the base config (objects by key, arrays by index), the root included.</summary>
    private static List<string[]> AllPaths(JsonNode? node, string[] prefix, List<string[]> into)
    {
        into.Add(prefix);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) AllPaths(v, [.. prefix, k], into);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++) AllPaths(a[i], [.. prefix, i.ToString()], into);
                break;
        }
        return into;
    }

    private static Gen<Mutation> Mutations(List<string[]> paths)
    {
        var path = Gen.Frequency((1, Gen.OneOf(Interesting)), (1, Gen.OneOf(paths.ToArray())));
        var what = Gen.Frequency(
            (3, Gen.OneOf(HostileStrings).Select(s => ("string", (JsonNode?)JsonValue.Create(s)))),
            (2, Gen.OneOf(HugeNumbers).Select(n => ("number", n?.DeepClone()))),
            (2, Gen.OneOf(WrongTypes).Select(t => ("wrong-type", t?.DeepClone()))),
            (1, Gen.Const(("json-null", (JsonNode?)null))),
            (1, Gen.Const(("removed", (JsonNode?)null))));
        return path.Select(what, (p, w) => new Mutation(p, w.Item1, w.Item2));
    }

    /// <summary>Applies the mutation to a copy of the config; a path that does not exist is created where it can be.</summary>
    private static JsonNode? Apply(JsonNode config, Mutation m)
    {
        if (m.Path.Length == 0) return m.Kind == "removed" ? new JsonObject() : m.Value?.DeepClone();
        JsonNode? node = config;
        for (int i = 0; i < m.Path.Length - 1 && node != null; i++)
            node = node is JsonArray a ? (int.Parse(m.Path[i]) < a.Count ? a[int.Parse(m.Path[i])] : null) : node[m.Path[i]];
        string last = m.Path[^1];
        switch (node)
        {
            case JsonObject o when m.Kind == "removed": o.Remove(last); break;
            case JsonObject o: o[last] = m.Value?.DeepClone(); break;
            case JsonArray a when int.TryParse(last, out int idx) && idx < a.Count:
                if (m.Kind == "removed") a.RemoveAt(idx); else a[idx] = m.Value?.DeepClone();
                break;
        }
        return config;
    }

    private static IEnumerable<string> AllCgroups() => Directory.EnumerateDirectories(Preconditions.CgroupRoot, "*",
        new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 6, IgnoreInaccessible = true });

    private static string[] MountLines() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => string.Join(' ', l.Split(' ').Skip(3).Take(2))).Order().ToArray();

    [Fact]
    public void Random_config_mutations_give_exit_0_or_a_plain_error_naming_a_field_and_leave_nothing()
    {
        var baseConfig = Bundle.Args("true").Config;
        var gen = Mutations(AllPaths(baseConfig, [], []));
        var pcg = new PCG(1, Seed);
        var mountsBefore = MountLines();
        var cgroupsBefore = AllCgroups().ToHashSet();
        var problems = new List<string>();
        int created = 0, refused = 0;
        var sw = System.Diagnostics.Stopwatch.StartNew();

        for (int i = 0; i < Cases; i++)
        {
            var m = gen.Generate(pcg, null, out _);
            string id = NewId();
            var mutated = Apply(JsonNode.Parse(baseConfig.ToJsonString())!, m);
            File.WriteAllText(Bundle.ConfigPath, mutated?.ToJsonString() ?? "null", new UTF8Encoding(false));

            ExecResult r;
            try { r = Rt.RunWithTimeout(15_000, "create", id); }
            catch (TimeoutException) { problems.Add($"#{i} {m}: create hung (15 s)"); continue; }
            string? bad = Check(r, m);
            if (r.ExitCode == 0)
            {
                created++;
                var d = Rt.RunWithTimeout(15_000, "delete", "-f", id);
                if (d.ExitCode != 0) bad ??= "delete -f failed: " + d;
            }
            else refused++;

            if (Directory.Exists(Path.Combine(StateRoot, id))) bad ??= "state dir left behind";
            if (Leaks.ProcessesOf([id]).Any()) bad ??= "process left behind";
            if (Leaks.CgroupDirs([id]).Any()) bad ??= "cgroup left behind";
            if (!MountLines().SequenceEqual(mountsBefore)) { bad ??= "mount left behind"; mountsBefore = MountLines(); }
            if (bad != null) problems.Add($"#{i} {m}: {bad}");
        }

        var strayCgroups = AllCgroups().Where(d => !cgroupsBefore.Contains(d)).ToList();
        output.WriteLine($"{Cases} mutations (seed {Seed:x}): {created} created and deleted, {refused} refused, {problems.Count} problems, {sw.ElapsedMilliseconds} ms");
        foreach (string p in problems) output.WriteLine(p);
        Assert.True(problems.Count == 0 && strayCgroups.Count == 0,
            $"{problems.Count} of {Cases} mutations misbehaved:\n" + string.Join("\n", problems.Take(30))
            + (strayCgroups.Count > 0 ? "\nstray cgroups: " + string.Join(", ", strayCgroups) : ""));
    }

    /// <summary>null when `create` behaved: exit 0, or exit 1 with one plain error line that names a field.</summary>
    private static string? Check(ExecResult r, Mutation m)
    {
        if (r.ExitCode == 0) return null;
        if (r.ExitCode != 1) return $"exit {r.ExitCode} (a crash?): {Tail(r.Stderr)}";
        if (r.Stderr.Trim().Length == 0) return "exit 1 without a message";
        if (InternalText.Find(r.Stderr) is { } internalText) return $"internal text \"{internalText}\": {Tail(r.Stderr)}";
        if (!NamesAField(r.Stderr, m)) return $"the message names no field: {Tail(r.Stderr)}";
        return null;
    }

    /// <summary>A config.json field in the message: a top-level key with its path (mounts[2], linux.cgroupsPath, root.path), or config.json itself.</summary>
    private static readonly System.Text.RegularExpressions.Regex Field = new(
        @"config\.json|\b(ociVersion|hostname|domainname|annotations)\b|\b(process|root|mounts|hooks|linux)(\.[A-Za-z]|\[\d)");

    /// <summary>runc's phrase for process.args[0], which containerd and dockerd match on: kept verbatim.</summary>
    private static bool NamesAField(string stderr, Mutation m) =>
        Field.IsMatch(stderr) || stderr.Contains("executable file not found in $PATH");

    private static string Tail(string s) => s.Length > 400 ? s[..400] + "..." : s.Trim();
}
