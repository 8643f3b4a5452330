using System.Text.Json;

namespace Ocirt.Spec.Parsing;

/// <summary>Reads one value of the expected kind at the reader's current token.</summary>
internal delegate T ValueReader<T>(ref Utf8JsonReader r);

/// <summary>
/// The input is outside what the hand-written reader promises to read exactly as System.Text.Json
/// would (a wrong token type, an escaped or non-ASCII property name, ...): SpecParser then lets the
/// source-generated deserializer decide, so results and error messages stay the same.
/// </summary>
internal sealed class NotHandled() : Exception("not handled by the fast reader");

/// <summary>
/// The building blocks of the fast config.json reader, each matching what the source-generated
/// deserializer does for that CLR type (SpecJsonContext options): names compared ignoring ASCII
/// case, null accepted only where the property is a reference or Nullable type, numbers through the
/// same Utf8JsonReader.TryGet* calls, duplicate names and keys: the last one wins.
/// </summary>
internal static class JsonFields
{
    // Longer than any model property name: a longer name cannot match and is skipped.
    private const int MaxNameLength = 32;

    [ThreadStatic] private static char[]? _name;

    /// <summary>
    /// Advances to the next property of the current object; returns false at its end. On true the
    /// reader is on the value, and <paramref name="name"/> is the name lower-cased (valid until the
    /// next call), or empty when it cannot be a model property (too long).
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader r, out ReadOnlySpan<char> name)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.EndObject) { name = default; return false; }
        if (r.TokenType != JsonTokenType.PropertyName || r.ValueIsEscaped || r.HasValueSequence) throw new NotHandled();
        ReadOnlySpan<byte> raw = r.ValueSpan;
        var buffer = _name ??= new char[MaxNameLength];
        if (raw.Length > MaxNameLength)
        {
            foreach (byte b in raw) if (b >= 0x80) throw new NotHandled();
            name = default;
        }
        else
        {
            for (int i = 0; i < raw.Length; i++)
            {
                byte b = raw[i];
                if (b >= 0x80) throw new NotHandled();
                buffer[i] = (char)(b is >= (byte)'A' and <= (byte)'Z' ? b + 32 : b);
            }
            name = buffer.AsSpan(0, raw.Length);
        }
        r.Read();
        return true;
    }

    /// <summary>True (and moves on) at the start of an object; false at null; anything else is not handled.</summary>
    public static bool StartObject(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new NotHandled(),
    };

    public static string? Str(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        _ => throw new NotHandled(),
    };

    // An element of List<string>: JSON null is kept as a null element, as with the deserializer.
    private static string StrElement(ref Utf8JsonReader r) => Str(ref r)!;

    public static bool Bool(ref Utf8JsonReader r) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new NotHandled(),
    };

    public static bool? NBool(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : Bool(ref r);

    public static uint U32(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetUInt32(out uint v) ? v : throw new NotHandled();

    public static uint? NU32(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : U32(ref r);

    public static int I32(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt32(out int v) ? v : throw new NotHandled();

    public static int? NI32(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : I32(ref r);

    public static long I64(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt64(out long v) ? v : throw new NotHandled();

    public static long? NI64(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : I64(ref r);

    public static ulong U64(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetUInt64(out ulong v) ? v : throw new NotHandled();

    public static ulong? NU64(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : U64(ref r);

    public static ushort? NU16(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Null ? null
        : r.TokenType == JsonTokenType.Number && r.TryGetUInt16(out ushort v) ? v : throw new NotHandled();

    public static List<T>? ListOf<T>(ref Utf8JsonReader r, ValueReader<T> element)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartArray) throw new NotHandled();
        var list = new List<T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray) list.Add(element(ref r));
        return list;
    }

    public static List<string>? StrList(ref Utf8JsonReader r) => ListOf<string>(ref r, StrElement);

    /// <summary>A JSON object as a dictionary: keys unescaped, the last of equal keys wins.</summary>
    public static Dictionary<string, T>? DictOf<T>(ref Utf8JsonReader r, ValueReader<T> value)
    {
        if (!StartObject(ref r)) return null;
        var dict = new Dictionary<string, T>();
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            if (r.TokenType != JsonTokenType.PropertyName) throw new NotHandled();
            string key = r.GetString()!;
            r.Read();
            dict[key] = value(ref r);
        }
        return dict;
    }

    public static Dictionary<string, string>? StrDict(ref Utf8JsonReader r) => DictOf<string>(ref r, StrElement);
}
