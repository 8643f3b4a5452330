using System.Text.Json;

namespace Ocirt.Spec;

/// <summary>
/// Turns System.Text.Json errors into short, Go-flavoured text: "cannot convert the value to uint32
/// (line 5, column 17)" instead of "could not be converted to System.Nullable`1[System.UInt32]. Path: ...".
/// </summary>
internal static class JsonErrorText
{
    private const string Converted = "The JSON value could not be converted to ";
    private const string ConvertedKey = "DeserializeUnableToConvertValue, ";

    /// <summary>"SomeResourceKey" or "SomeResourceKey, args": System.Text.Json's message without its resources.</summary>
    private static bool IsResourceKey(string msg)
    {
        string head = msg.Split(',')[0];
        return head.Length > 0 && !head.Contains(' ') && char.IsUpper(head[0]);
    }

    public static string Describe(JsonException e)
    {
        string msg = e.Message;
        int cut = msg.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0) msg = msg[..cut];
        if (msg.StartsWith(Converted, StringComparison.Ordinal))
            msg = $"cannot convert the value to {GoName(msg[Converted.Length..].TrimEnd('.'))}";
        // The NativeAOT binary has no resource strings: the same error reads "DeserializeUnableToConvertValue, System.String".
        else if (msg.StartsWith(ConvertedKey, StringComparison.Ordinal))
            msg = $"cannot convert the value to {GoName(msg[ConvertedKey.Length..].Trim())}";
        else if (IsResourceKey(msg))
            msg = "invalid value";
        // JsonException positions are 0-based.
        return e.LineNumber is long line ? $"{msg} (line {line + 1}, column {e.BytePositionInLine + 1})" : msg;
    }

    internal static string GoName(string clr)
    {
        const string nullable = "System.Nullable`1[", list = "System.Collections.Generic.List`1[", dict = "System.Collections.Generic.Dictionary`2[";
        if (clr.StartsWith(nullable, StringComparison.Ordinal)) return GoName(clr[nullable.Length..^1]);
        if (clr.StartsWith(list, StringComparison.Ordinal)) return "[]" + GoName(clr[list.Length..^1]);
        if (clr.StartsWith(dict, StringComparison.Ordinal)) return "object";
        return clr switch
        {
            "System.String" => "string",
            "System.Boolean" => "bool",
            "System.Int32" => "int",
            "System.Int64" => "int64",
            "System.UInt16" => "uint16",
            "System.UInt32" => "uint32",
            "System.UInt64" => "uint64",
            "System.Double" => "float64",
            _ when clr.StartsWith("Ocirt.Spec.Model.", StringComparison.Ordinal) => "object",
            // Never a .NET type name in a message.
            _ => clr.StartsWith("System.", StringComparison.Ordinal) ? "the expected type" : clr,
        };
    }
}
