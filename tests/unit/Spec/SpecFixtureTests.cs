using Ocirt.Spec;
using Xunit;

namespace Ocirt.Tests.Unit.Spec;

/// <summary>Every spec-fixtures/&lt;name&gt;/ directory: parse + validate config.json, compare with expected.txt.</summary>
public class SpecFixtureTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "spec-fixtures");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Root).OrderBy(d => d, StringComparer.Ordinal))
            if (File.Exists(Path.Combine(dir, "expected.txt"))) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Fact]
    public void There_are_at_least_45_fixtures()
    {
        int count = Directory.GetDirectories(Root).Count(d => File.Exists(Path.Combine(d, "expected.txt")));
        Assert.True(count >= 45, $"only {count} fixtures");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_has_the_expected_outcome(string name)
    {
        string dir = Path.Combine(Root, name);
        string[] expected = File.ReadAllLines(Path.Combine(dir, "expected.txt"));
        var messages = Check(Path.Combine(dir, "config.json"));

        switch (expected[0].Trim())
        {
            case "valid":
                Assert.True(messages.Count == 0, $"{name}: expected valid, got: {string.Join(" | ", messages)}");
                break;
            case "invalid":
                string want = expected[1];
                Assert.True(messages.Any(m => m.Contains(want, StringComparison.Ordinal)),
                    $"{name}: expected a message containing <{want}>, got: {(messages.Count == 0 ? "(none)" : string.Join(" | ", messages))}");
                break;
            default:
                Assert.Fail($"{name}: expected.txt must start with valid or invalid");
                break;
        }
    }

    // A parse error is reported the same way as a validation error: one message.
    private static List<string> Check(string configPath)
    {
        try { return [.. SpecValidator.Validate(SpecLoader.Load(configPath))]; }
        catch (SpecException e) { return [e.Message]; }
    }
}
