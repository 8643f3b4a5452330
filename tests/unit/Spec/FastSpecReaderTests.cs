using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ocirt.Spec;
using Ocirt.Spec.Parsing;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

/// <summary>
/// Differential tests: the hand-written reader (SpecLoader.Parse's fast path) against the
/// source-generated deserializer (SpecLoader.ParseWithDeserializer). Both results are serialized
/// with SpecJsonContext and must be the same text; errors must be the same message.
/// </summary>
public class FastSpecReaderTests
{
    private static string FixturesRoot => Path.Combine(AppContext.BaseDirectory, "spec-fixtures");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(FixturesRoot).OrderBy(d => d, StringComparer.Ordinal))
            if (File.Exists(Path.Combine(dir, "config.json"))) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_parses_the_same_both_ways(string name)
    {
        byte[] json = File.ReadAllBytes(Path.Combine(FixturesRoot, name, "config.json"));
        AssertSameOutcome(json);
        // Valid JSON must really take the fast path, or the differential test proves nothing.
        if (Outcome(() => SpecLoader.ParseWithDeserializer(json)) is not ['e', 'r', 'r', 'o', 'r', ':', ..])
            Assert.NotNull(FastSpecReader.TryRead(json));
    }

    /// <summary>`exec --process` files: each fixture's "process" object, read alone.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Process_of_a_fixture_parses_the_same_both_ways(string name)
    {
        JsonNode? doc;
        try { doc = JsonNode.Parse(File.ReadAllText(Path.Combine(FixturesRoot, name, "config.json")), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { return; }
        if (doc is not JsonObject o || o["process"] is not JsonObject process) return;
        byte[] json = Encoding.UTF8.GetBytes(process.ToJsonString());
        var fast = FastSpecReader.TryReadProcess(json);
        string expected;
        try { expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, SpecJsonContext.Default.Process), SpecJsonContext.Default.Process); }
        catch (JsonException) { Assert.Null(fast); return; }
        Assert.NotNull(fast);
        Assert.Equal(expected, JsonSerializer.Serialize(fast, SpecJsonContext.Default.Process));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Default_spec_parses_the_same_both_ways(bool rootless)
    {
        byte[] json = Encoding.UTF8.GetBytes(SpecWriter.ToJson(DefaultSpec.Create(rootless, 1000, 1000)));
        AssertHandledAndSame(json);
    }

    [Fact]
    public void A_big_seccomp_profile_parses_the_same_both_ways()
    {
        var syscalls = Enumerable.Range(0, 400).Select(i => new JsonObject
        {
            ["names"] = new JsonArray($"sys{i}", $"other{i}"),
            ["action"] = i % 3 == 0 ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW",
            ["errnoRet"] = i % 3 == 0 ? 1 : null,
            ["args"] = new JsonArray(new JsonObject { ["index"] = i % 6, ["value"] = (ulong)i * 1000UL, ["valueTwo"] = i, ["op"] = "SCMP_CMP_MASKED_EQ" }),
            ["comment"] = "unknown to the model", ["includes"] = new JsonObject { ["caps"] = new JsonArray("CAP_SYS_ADMIN") },
        });
        var doc = new JsonObject
        {
            ["ociVersion"] = "1.2.0",
            ["linux"] = new JsonObject
            {
                ["seccomp"] = new JsonObject
                {
                    ["defaultAction"] = "SCMP_ACT_ERRNO", ["defaultErrnoRet"] = 38, ["architectures"] = new JsonArray("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
                    ["flags"] = new JsonArray("SECCOMP_FILTER_FLAG_LOG"), ["listenerPath"] = "/run/l.sock", ["listenerMetadata"] = "m",
                    ["syscalls"] = new JsonArray([.. syscalls]),
                },
            },
        };
        AssertHandledAndSame(Encoding.UTF8.GetBytes(doc.ToJsonString()));
    }

    /// <summary>podman's default profile (containers-common), when `make` has fetched it: Docker's format, extra fields and all.</summary>
    [Fact]
    public void Podmans_default_seccomp_profile_parses_the_same_both_ways()
    {
        string? profile = FindUp(Path.Combine("build", "containers-seccomp.json"));
        if (profile == null) return; // not fetched: the synthetic profile above still runs
        byte[] json = Encoding.UTF8.GetBytes("""{"ociVersion":"1.2.0","linux":{"seccomp":""" + File.ReadAllText(profile) + "}}");
        AssertHandledAndSame(json);
    }

    /// <summary>Every property of every model type set (so a new model field the reader forgets fails here), names as written and upper-cased.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_model_property_is_read(bool upperCaseNames)
    {
        var sample = (Ocirt.Spec.Model.Spec)Sample(typeof(Ocirt.Spec.Model.Spec));
        var node = JsonSerializer.SerializeToNode(sample, SpecJsonContext.Default.Spec)!;
        if (upperCaseNames) node = UpperCaseNames(node);
        byte[] json = Encoding.UTF8.GetBytes(node.ToJsonString());
        AssertHandledAndSame(json);
        // Nothing lost on the way (dictionary keys were upper-cased too in the other variant).
        if (!upperCaseNames)
            Assert.Equal(JsonSerializer.Serialize(sample, SpecJsonContext.Default.Spec), JsonSerializer.Serialize(FastSpecReader.TryRead(json)!, SpecJsonContext.Default.Spec));
    }

    // Inputs the fast path must read itself (and the same way).
    [Theory]
    [InlineData("{\"ociVersion\":\"1.2.0\", /* c */ \"process\":{\"args\":[\"a\",],\"cwd\":\"/\",}, // x\n}")]
    [InlineData("""{"ociVersion":"a","OCIVERSION":"b","OciVersion":"c","annotations":{"k":"1","k":"2"},"process":{"args":["x"]},"process":{"cwd":"/"}}""")]
    [InlineData("""{"ociVersion":null,"process":{"user":null,"args":[null,"a"],"env":null,"consoleSize":null,"oomScoreAdj":null,"capabilities":{"bounding":null}},"mounts":[null],"annotations":{"a":null},"linux":{"resources":{"memory":{"limit":null,"disableOOMKiller":null}},"netDevices":{"eth0":null},"namespaces":[]}}""")]
    [InlineData("""{"hostname":"a\u00e9\n\"b\ud83d\ude00","annotations":{"\u006b":"v","é":"ü"},"ociVersion":"1.2.0"}""")]
    [InlineData("""{"x":{"a":[1,{"b":null}],"c":"\u0000"},"ociVersion":"1","averyveryveryveryveryverylongunknownpropertyname":[[[]]]}""")]
    [InlineData("""{"$id":"1","$type":"x","process":{"$ref":"2","cwd":"/"},"ociVersion":"1.2.0"}""")]
    [InlineData("""{"linux":{"resources":{"memory":{"limit":-9223372036854775808,"swappiness":18446744073709551615}},"timeOffsets":{"monotonic":{"secs":-1,"nanosecs":5}}}}""")]
    [InlineData("""{}""")]
    [InlineData("""  {"ociVersion":"1.2.0"} /* trailing comment */ """)]
    public void Unusual_but_valid_input_is_read_the_same(string json) => AssertHandledAndSame(Encoding.UTF8.GetBytes(json));

    // Errors and edge cases: whichever path runs, the outcome (often an error message) is the deserializer's.
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("\"str\"")]
    [InlineData("""{"ociVersion":"1"} x""")]
    [InlineData("""{} {}""")]
    [InlineData("""{"ociVersion":1}""")]
    [InlineData("""{"process":{"terminal":null}}""")]
    [InlineData("""{"process":{"user":{"uid":-1}}}""")]
    [InlineData("""{"process":{"user":{"uid":1.5}}}""")]
    [InlineData("""{"process":{"user":{"uid":1e2}}}""")]
    [InlineData("""{"process":{"user":{"uid":4294967296}}}""")]
    [InlineData("""{"process":{"user":{"uid":"0"}}}""")]
    [InlineData("""{"process":{"user":{"additionalGids":[1,null]}}}""")]
    [InlineData("""{"hostname":true}""")]
    [InlineData("""{"mounts":{}}""")]
    [InlineData("""{"process":[]}""")]
    [InlineData("""{"linux":{"resources":{"blockIO":{"weight":70000}}}}""")]
    [InlineData("""{"annotations":{"a":1}}""")]
    [InlineData("""{"annotations":[]}""")]
    [InlineData("""{"\u006fciVersion":"1.2.0"}""")]
    [InlineData("""{"ociVersıon":"1.2.0"}""")]
    [InlineData("""{"ſ":"x","ociVersion":"1"}""")]
    [InlineData("""{"hostname":"\ud800"}""")]
    [InlineData("""{"ociVersion":"1.2.0",}""")]
    [InlineData("""{"ociVersion":"1.2.0" "hostname":"h"}""")]
    [InlineData("""{"process":{"args":["a"]""")]
    [InlineData("""{"process":{"noNewPrivileges":True}}""")]
    [InlineData("""{"process":{"user":{"uid":01}}}""")]
    [InlineData("""{"process":{"user":{"uid":-0}}}""")]
    public void Edge_cases_end_the_same_way(string json) => AssertSameOutcome(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_byte_order_mark_ends_the_same_way() => AssertSameOutcome([0xEF, 0xBB, 0xBF, .. """{"ociVersion":"1.2.0"}"""u8]);

    [Fact]
    public void Invalid_utf8_ends_the_same_way()
    {
        byte[] bad = [0xC3, 0x28];
        AssertSameOutcome([.. Encoding.UTF8.GetBytes("{\"hostname\":\""), .. bad, .. Encoding.UTF8.GetBytes("\"}")]);
        AssertSameOutcome([.. Encoding.UTF8.GetBytes("{\"unknown\":\""), .. bad, .. Encoding.UTF8.GetBytes("\",\"ociVersion\":\"1\"}")]);
        AssertSameOutcome([.. Encoding.UTF8.GetBytes("{\""), .. bad, .. Encoding.UTF8.GetBytes("\":\"x\",\"ociVersion\":\"1\"}")]);
    }

    [Fact]
    public void Nesting_deeper_than_64_ends_the_same_way()
    {
        AssertSameOutcome(Encoding.UTF8.GetBytes("{\"x\":" + new string('[', 70) + new string(']', 70) + "}"));
        AssertSameOutcome(Encoding.UTF8.GetBytes("{\"x\":" + new string('[', 62) + new string(']', 62) + "}"));
    }

    private static void AssertHandledAndSame(byte[] json)
    {
        Assert.NotNull(FastSpecReader.TryRead(json));
        AssertSameOutcome(json);
    }

    private static void AssertSameOutcome(byte[] json) =>
        Assert.Equal(Outcome(() => SpecLoader.ParseWithDeserializer(json)), Outcome(() => SpecLoader.Parse(json)));

    private static string Outcome(Func<Ocirt.Spec.Model.Spec> parse)
    {
        try { return JsonSerializer.Serialize(parse(), SpecJsonContext.Default.Spec); }
        catch (SpecException e) { return "error: " + e.Message; }
    }

    /// <summary>A value for every property, through the source-generated metadata (so it follows the model).</summary>
    private static object Sample(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "s";
        if (t == typeof(bool)) return true;
        if (t == typeof(uint)) return 7u;
        if (t == typeof(int)) return -7;
        if (t == typeof(long)) return -7L;
        if (t == typeof(ulong)) return ulong.MaxValue;
        if (t == typeof(ushort)) return (ushort)7;
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
        {
            var list = (IList)Activator.CreateInstance(t)!;
            list.Add(Sample(t.GetGenericArguments()[0]));
            return list;
        }
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var dict = (IDictionary)Activator.CreateInstance(t)!;
            dict.Add("k", Sample(t.GetGenericArguments()[1]));
            return dict;
        }
        var info = SpecJsonContext.Default.GetTypeInfo(t) ?? throw new InvalidOperationException($"no metadata for {t}");
        object o = info.CreateObject!();
        foreach (var p in info.Properties) p.Set!(o, Sample(p.PropertyType));
        return o;
    }

    // Upper-cases every name, dictionary keys included (both parsers see the same keys anyway).
    private static JsonNode UpperCaseNames(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key.ToUpperInvariant(), kv.Value == null ? null : UpperCaseNames(kv.Value.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(e => e == null ? null : UpperCaseNames(e.DeepClone()))]),
        _ => node.DeepClone(),
    };

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return null;
    }
}
