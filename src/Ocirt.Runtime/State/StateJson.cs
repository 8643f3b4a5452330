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
    public static byte[] Write(StoredState s) => WritePlain(s) ?? WriteWithWriter(s);

    /// <summary>
    /// The same bytes as <see cref="WriteWithWriter"/> when no string needs escaping (the usual state: paths,
    /// ids, plain annotations), without Utf8JsonWriter: its escaping check initializes the default
    /// JavaScriptEncoder (~0.1 ms of table building in every create). Null when a string needs escaping.
    /// </summary>
    internal static byte[]? WritePlain(StoredState s)
    {
        var b = new System.Text.StringBuilder(512);
        b.Append('{');
        bool first = true;
        if (!Plain(b, "id", s.Id, ref first)) return null;
        Raw(b, "initPid", s.InitPid.ToString(System.Globalization.CultureInfo.InvariantCulture), ref first);
        Raw(b, "initStartTime", s.InitStartTime.ToString(System.Globalization.CultureInfo.InvariantCulture), ref first);
        if (!Plain(b, "bundle", s.Bundle, ref first) || !Plain(b, "rootfs", s.Rootfs, ref first)) return null;
        Raw(b, "created", "\"" + TrimmedRoundTrip(s.Created) + "\"", ref first);
        if (s.Annotations != null)
        {
            Raw(b, "annotations", "{", ref first);
            bool firstAnnotation = true;
            foreach (var (key, value) in s.Annotations)
            {
                if (!NeedsNoEscaping(key)) return null;
                if (value == null) Raw(b, key, "null", ref firstAnnotation);
                else if (!Plain(b, key, value, ref firstAnnotation)) return null;
            }
            b.Append('}');
        }
        if (!Plain(b, "cgroupDir", s.CgroupDir, ref first)) return null;
        Raw(b, "cgroupCreated", s.CgroupCreated ? "true" : "false", ref first);
        if (!Plain(b, "systemdUnit", s.SystemdUnit, ref first)) return null;
        Raw(b, "ownPidNamespace", s.OwnPidNamespace ? "true" : "false", ref first);
        Raw(b, "hasHooks", s.HasHooks ? "true" : "false", ref first);
        b.Append('}');
        return System.Text.Encoding.UTF8.GetBytes(b.ToString());
    }

    /// <summary>"name":"value" (nothing for null, as WhenWritingNull); false when the value would need escaping.</summary>
    private static bool Plain(System.Text.StringBuilder b, string name, string? value, ref bool first)
    {
        if (value == null) return true;
        if (!NeedsNoEscaping(value)) return false;
        Raw(b, name, "\"" + value + "\"", ref first);
        return true;
    }

    /// <summary>"name":json, with the comma when something came before.</summary>
    private static void Raw(System.Text.StringBuilder b, string name, string json, ref bool first)
    {
        if (!first) b.Append(',');
        first = false;
        b.Append('"').Append(name).Append("\":").Append(json);
    }

    /// <summary>Printable ASCII that the default encoder leaves as is (it escapes " \ &lt; &gt; &amp; ' + ` and all else).</summary>
    private static bool NeedsNoEscaping(string value)
    {
        foreach (char c in value)
            if (c < 0x20 || c > 0x7E || c is '"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') return false;
        return true;
    }

    /// <summary>Utf8JsonWriter's DateTimeOffset form: round-trip ("O") with the fraction's trailing zeros cut (all of it when zero).</summary>
    private static string TrimmedRoundTrip(DateTimeOffset value)
    {
        string o = value.ToString("O", System.Globalization.CultureInfo.InvariantCulture); // yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm
        int dot = o.IndexOf('.');
        if (dot < 0) return o;
        int end = dot + 8; // seven fraction digits
        int cut = end;
        while (cut > dot + 1 && o[cut - 1] == '0') cut--;
        if (cut == dot + 1) cut = dot;
        return o[..cut] + o[end..];
    }

    internal static byte[] WriteWithWriter(StoredState s)
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
            WriteString(w, "systemdUnit", s.SystemdUnit);
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
                else if (r.ValueTextEquals("systemdUnit"u8)) s.SystemdUnit = String(ref r);
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
