namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// One systemd unit property as sent to StartTransientUnit/SetUnitProperties (D-Bus "(sv)"): a name and a
/// typed value. The D-Bus type matters: systemd refuses MemoryMax as int32, so every value carries its signature.
/// </summary>
public sealed record UnitProperty(string Name, UnitValue Value)
{
    /// <summary>"MemoryMax=t 1048576": readable in errors, debug logs and tests.</summary>
    public override string ToString() => $"{Name}={Value}";
}

/// <summary>A D-Bus value of one of the types systemd's unit properties use.</summary>
public abstract record UnitValue
{
    /// <summary>The D-Bus signature of the value ("b", "s", "t", "au", "ay", ...).</summary>
    public abstract string Signature { get; }

    public sealed record Bool(bool Value) : UnitValue
    {
        public override string Signature => "b";
        public override string ToString() => $"b {(Value ? "true" : "false")}";
    }

    public sealed record Str(string Value) : UnitValue
    {
        public override string Signature => "s";
        public override string ToString() => $"s \"{Value}\"";
    }

    /// <summary>An integer of D-Bus type y, n, q, i, u, x or t (the value is range-checked when it is made).</summary>
    public sealed record Int(char Type, Int128 Value) : UnitValue
    {
        public override string Signature => Type.ToString();
        public override string ToString() => $"{Type} {Value}";
    }

    public sealed record Double(double Value) : UnitValue
    {
        public override string Signature => "d";
        public override string ToString() => $"d {Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    public sealed record Bytes(byte[] Value) : UnitValue
    {
        public override string Signature => "ay";
        public override string ToString() => "ay [" + string.Join(",", Value) + "]";
        public bool Equals(Bytes? other) => other != null && Value.AsSpan().SequenceEqual(other.Value);
        public override int GetHashCode() => Value.Length;
    }

    public sealed record UInt32Array(uint[] Value) : UnitValue
    {
        public override string Signature => "au";
        public override string ToString() => "au [" + string.Join(",", Value) + "]";
        public bool Equals(UInt32Array? other) => other != null && Value.AsSpan().SequenceEqual(other.Value);
        public override int GetHashCode() => Value.Length;
    }

    public sealed record StrArray(string[] Value) : UnitValue
    {
        public override string Signature => "as";
        public override string ToString() => "as [" + string.Join(",", Value.Select(v => $"\"{v}\"")) + "]";
        public bool Equals(StrArray? other) => other != null && Value.AsSpan().SequenceEqual(other.Value);
        public override int GetHashCode() => Value.Length;
    }

    public static UnitValue UInt64(ulong v) => new Int('t', v);
    public static UnitValue UInt32(uint v) => new Int('u', v);
}
