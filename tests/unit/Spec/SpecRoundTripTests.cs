using System.Text;
using System.Text.Json.Nodes;
using Ocirt.Spec;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

public class SpecRoundTripTests
{
    private static string FixtureConfig(string name) => Path.Combine(AppContext.BaseDirectory, "spec-fixtures", name, "config.json");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Default_spec_survives_write_parse_write(bool rootless)
    {
        string first = SpecWriter.ToJson(DefaultSpec.Create(rootless, 1000, 1000));
        string second = SpecWriter.ToJson(SpecLoader.Parse(Encoding.UTF8.GetBytes(first)));
        Assert.Equal(first, second);
    }

    // Every modelled field must come back: compare the fixture's JSON with our re-serialisation.
    [Theory]
    [InlineData("docker-like")]
    [InlineData("podman-like")]
    [InlineData("full-v1.2")]
    public void Rich_configs_keep_every_field(string fixture)
    {
        string text = File.ReadAllText(FixtureConfig(fixture));
        var original = JsonNode.Parse(text);
        var rewritten = JsonNode.Parse(SpecWriter.ToJson(SpecLoader.Parse(Encoding.UTF8.GetBytes(text))));
        Assert.True(JsonNode.DeepEquals(original, rewritten), $"lost or changed fields:\n{rewritten}");
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var spec = SpecLoader.Parse("""{"ociVersion":"1.2.0","futureField":{"x":[1,2]},"process":{"cwd":"/","args":["sh"],"user":{"uid":0,"gid":0},"newThing":true}}"""u8);
        Assert.Equal("1.2.0", spec.OciVersion);
        Assert.Equal(["sh"], spec.Process!.Args!);
    }

    [Fact]
    public void Wrong_type_names_the_field()
    {
        var e = Assert.Throws<SpecException>(() => SpecLoader.Parse("""{"ociVersion":"1.2.0","process":{"user":{"uid":"root","gid":0}}}"""u8));
        Assert.StartsWith("config.json: invalid JSON at process.user.uid: cannot convert the value to uint32 (line 1, column ", e.Message);
    }

    [Fact]
    public void False_booleans_and_zero_offsets_are_omitted_like_go()
    {
        var spec = DefaultSpec.Create(false);
        spec.Process!.Terminal = false;
        spec.Root!.Readonly = false;
        string json = SpecWriter.ToJson(spec);
        Assert.DoesNotContain("\"terminal\"", json);
        Assert.DoesNotContain("\"readonly\"", json);
        Assert.Contains("\"allow\": false", json); // LinuxDeviceCgroup.allow has no omitempty in specs-go
    }

    [Fact]
    public void Numeric_extremes_parse()
    {
        var spec = SpecLoader.Parse("""
            {"ociVersion":"1.2.0","process":{"cwd":"/","user":{"uid":4294967295,"gid":0},
             "rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":18446744073709551615}]},
             "linux":{"resources":{"memory":{"limit":-1,"swap":-1},"cpu":{"quota":-1,"shares":1024}}}}
            """u8);
        Assert.Equal(uint.MaxValue, spec.Process!.User.Uid);
        Assert.Equal(ulong.MaxValue, spec.Process.Rlimits![0].Hard);
        Assert.Equal(-1, spec.Linux!.Resources!.Memory!.Limit);
    }
}
