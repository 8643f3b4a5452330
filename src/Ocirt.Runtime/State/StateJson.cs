using System.Buffers;
using System.Text.Json;

namespace Ocirt.Runtime.State;

/// <summary>
/// state.json through Utf8JsonWriter/Utf8JsonReader directly: the same bytes and objects as the
/// source-generated RuntimeJsonContext.StoredState (the writer and reader calls its converters make),
/// without its first-use metadata warm-up in every create, start, state, list and delete.
/// Input this reader does not take as the deserializer would gives null; the caller then asks the
/// deserializer, which also words any error (tests/unit/Runtime/StateJsonTests.cs compares both).
/// </summary>
internal static class StateJson
{
    public static byte[] Write(StoredState s)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            // Declaration order; null properties left out (WhenWritingNull), as the serializer does.
            WriteString(w, "id", s.Id);
            w.WriteNumber("initPid", s.InitPid);
            w.WriteNumber("initStartTime", s.InitStartTime);
            WriteString(w, "bundle", s.Bundle);
            WriteString(w, "rootfs", s.Rootfs);
            w.WriteString("created", s.Created);
            if (s.Annotations != null)
            {
                w.WriteStartObject("annotations");
                foreach (var (key, value) in s.Annotations) w.WriteString(key, value);
                w.WriteEndObject();
            }
            WriteString(w, "cgroupDir", s.CgroupDir);
            w.WriteBoolean("cgroupCreated", s.CgroupCreated);
            w.WriteBoolean("ownPidNamespace", s.OwnPidNamespace);
            w.WriteBoolean("hasHooks", s.HasHooks);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteString(Utf8JsonWriter w, string name, string? value)
    {
        if (value != null) w.WriteString(name, value);
    }

    /// <summary>The state, or null when the deserializer must decide.</summary>
    public static StoredState? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            var r = new Utf8JsonReader(json); // the context's reader options: strict JSON, names case-sensitive
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
            var s = new StoredState();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("id"u8)) s.Id = String(ref r)!;
                else if (r.ValueTextEquals("initPid"u8)) s.InitPid = Next(ref r, JsonTokenType.Number).GetInt32();
                else if (r.ValueTextEquals("initStartTime"u8)) s.InitStartTime = Next(ref r, JsonTokenType.Number).GetUInt64();
                else if (r.ValueTextEquals("bundle"u8)) s.Bundle = String(ref r)!;
                else if (r.ValueTextEquals("rootfs"u8)) s.Rootfs = String(ref r)!;
                else if (r.ValueTextEquals("created"u8)) s.Created = Next(ref r, JsonTokenType.String).GetDateTimeOffset();
                else if (r.ValueTextEquals("annotations"u8)) s.Annotations = Annotations(ref r);
                else if (r.ValueTextEquals("cgroupDir"u8)) s.CgroupDir = String(ref r);
                else if (r.ValueTextEquals("cgroupCreated"u8)) s.CgroupCreated = Next(ref r, JsonTokenType.True).GetBoolean();
                else if (r.ValueTextEquals("ownPidNamespace"u8)) s.OwnPidNamespace = Next(ref r, JsonTokenType.True).GetBoolean();
                else if (r.ValueTextEquals("hasHooks"u8)) s.HasHooks = Next(ref r, JsonTokenType.True).GetBoolean();
                else r.Skip();
            }
            return r.TokenType == JsonTokenType.EndObject && !r.Read() ? s : null;
        }
        catch (Exception)
        {
            // A token of another type, a number out of range, bad UTF-8 or JSON: the deserializer's to report.
            return null;
        }
    }

    /// <summary>Moves to the value; a token of another kind (true also stands for false) is not ours to read.</summary>
    private static ref Utf8JsonReader Next(ref Utf8JsonReader r, JsonTokenType kind)
    {
        r.Read();
        bool ok = kind == JsonTokenType.True ? r.TokenType is JsonTokenType.True or JsonTokenType.False : r.TokenType == kind;
        if (!ok) throw new FormatException();
        return ref r;
    }

    private static string? String(ref Utf8JsonReader r)
    {
        r.Read();
        return r.TokenType switch
        {
            JsonTokenType.String => r.GetString(),
            JsonTokenType.Null => null,
            _ => throw new FormatException(),
        };
    }

    private static Dictionary<string, string>? Annotations(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.StartObject) throw new FormatException();
        var map = new Dictionary<string, string>();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            string key = r.GetString()!;
            map[key] = String(ref r)!;
        }
        return map;
    }
}
