using System.Text.Json;

namespace Ocirt.Spec.Parsing;

/// <summary>
/// config.json read by hand with Utf8JsonReader into the model. The source-generated deserializer
/// gives the same objects but warms up metadata for the whole Spec type graph on its first call:
/// ~5 ms, paid by `create`/`run` and again by the init. Anything this reader does not handle
/// exactly as the deserializer would (every error included) returns null, and SpecLoader then asks
/// the deserializer, so results and messages never depend on which path ran (see the differential
/// tests in tests/unit/Spec/FastSpecReaderTests.cs).
/// </summary>
public static class FastSpecReader
{
    // The reader-level options of SpecJsonContext: comments skipped, trailing commas allowed, depth 64.
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>The parsed spec, or null when the deserializer must decide (an error, or input outside the fast path).</summary>
    public static Model.Spec? TryRead(ReadOnlySpan<byte> json) => TryRead(json, ModelReader.ReadSpec);

    /// <summary>An `exec --process` file (a config.json "process" object), or null as above.</summary>
    public static Model.Process? TryReadProcess(ReadOnlySpan<byte> json) => TryRead(json, ModelReader.ReadProcess);

    private static T? TryRead<T>(ReadOnlySpan<byte> json, ValueReader<T> read) where T : class
    {
        try
        {
            var r = new Utf8JsonReader(json, Options);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
            var value = read(ref r);
            // Anything after the root object is the deserializer's error to report.
            return r.Read() ? null : value;
        }
        catch (Exception)
        {
            // NotHandled, or the reader's own JsonException / InvalidOperationException (bad UTF-8):
            // either way the deserializer reads it again and reports in its words.
            return null;
        }
    }
}
