using System.Text;
using System.Text.Json;
using Ocirt.Runtime;
using Ocirt.Runtime.State;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>state.json by hand (StateJson) against the source-generated serializer: same bytes, same objects, same errors.</summary>
public class StateJsonTests
{
    public static TheoryData<StoredState> States() => [.. AllStates()];

    private static StoredState[] AllStates() =>
    [
        new StoredState { Id = "a", InitPid = 42, InitStartTime = 123456789, Bundle = "/b", Rootfs = "/b/rootfs", Created = new DateTimeOffset(2026, 11, 22, 13, 10, 41, TimeSpan.Zero).AddTicks(1234567) },
        new StoredState
        {
            Id = "x-1.2_3", InitPid = int.MaxValue, InitStartTime = ulong.MaxValue, Bundle = "/path with \"quotes\" & <html> é \u2028", Rootfs = "/r",
            Created = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), Annotations = new() { ["k"] = "v", ["é\n"] = "\u0001", ["n"] = null! },
            CgroupDir = "/sys/fs/cgroup/x", CgroupCreated = true, OwnPidNamespace = true, HasHooks = true,
        },
        // --systemd-cgroup: the unit delete stops
        new StoredState { Id = "d", InitPid = 7, Bundle = "/b", Rootfs = "/b/rootfs", Created = DateTimeOffset.UnixEpoch,
            CgroupDir = "/sys/fs/cgroup/system.slice/docker-d.scope", SystemdUnit = "docker-d.scope" },
        new StoredState { Id = null!, Bundle = null!, Rootfs = null!, Annotations = [], Created = DateTimeOffset.UnixEpoch },
    ];

    [Theory]
    [MemberData(nameof(States))]
    public void Writes_the_serializers_bytes_and_reads_them_back(StoredState state)
    {
        byte[] expected = JsonSerializer.SerializeToUtf8Bytes(state, RuntimeJsonContext.Default.StoredState);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(StateJson.Write(state)));
        var read = StateJson.TryRead(expected);
        Assert.NotNull(read);
        var reference = JsonSerializer.Deserialize(expected, RuntimeJsonContext.Default.StoredState);
        Assert.Equal(JsonSerializer.Serialize(reference, RuntimeJsonContext.Default.StoredState), JsonSerializer.Serialize(read, RuntimeJsonContext.Default.StoredState));
    }

    [Fact]
    public void The_usual_state_is_written_without_utf8jsonwriter_and_the_same_bytes()
    {
        foreach (var state in AllStates())
        {
            byte[]? plain = StateJson.WritePlain(state);
            if (plain != null) Assert.Equal(Encoding.UTF8.GetString(StateJson.WriteWithWriter(state)), Encoding.UTF8.GetString(plain));
        }
        Assert.NotNull(StateJson.WritePlain(AllStates()[0]));
        Assert.NotNull(StateJson.WritePlain(AllStates()[2]));
        Assert.Null(StateJson.WritePlain(AllStates()[1])); // quotes, <, &, é: escaped by the writer
    }

    [Theory]
    [InlineData("""{"id":"a","future":{"x":[1,2]},"initPid":1,"created":"2026-11-22T13:10:41.1234567+00:00","annotations":null,"cgroupDir":null}""")]
    [InlineData("""{"id":"a","id":"b","hasHooks":false,"initStartTime":0}""")]
    [InlineData("""{"\u0069d":"escaped name"}""")]
    [InlineData("""{}""")]
    public void Reads_valid_input_as_the_deserializer(string json) => AssertSame(json, mustBeRead: true);

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"ID":"case matters"}""")]
    [InlineData("""{"initPid":"1"}""")]
    [InlineData("""{"initPid":1.5}""")]
    [InlineData("""{"initPid":null}""")]
    [InlineData("""{"initStartTime":-1}""")]
    [InlineData("""{"created":"yesterday"}""")]
    [InlineData("""{"created":null}""")]
    [InlineData("""{"hasHooks":1}""")]
    [InlineData("""{"annotations":{"a":1}}""")]
    [InlineData("""{"id":"a",}""")]
    [InlineData("""{"id":"a"} x""")]
    [InlineData("""{"id":"a" /* c */}""")]
    [InlineData("""{"id":"a""")]
    public void Odd_input_ends_as_with_the_deserializer(string json) => AssertSame(json, mustBeRead: false);

    private static void AssertSame(string json, bool mustBeRead)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var fast = StateJson.TryRead(bytes);
        if (mustBeRead) Assert.NotNull(fast);
        string expected;
        try { expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(bytes, RuntimeJsonContext.Default.StoredState), RuntimeJsonContext.Default.StoredState!); }
        catch (JsonException e) { expected = "error: " + e.GetType().Name; }
        // A state the fast reader gives must be the deserializer's; where it gives none, the deserializer runs anyway.
        if (fast != null) Assert.Equal(expected, JsonSerializer.Serialize(fast, RuntimeJsonContext.Default.StoredState));
        else Assert.False(mustBeRead);
    }
}
