using Tmds.DBus.Protocol;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>Unit properties as D-Bus "a(sv)": each value as a variant of its own signature.</summary>
public static class UnitPropertyEncoder
{
    public static void WriteProperties(ref MessageWriter writer, IReadOnlyList<UnitProperty> properties)
    {
        var array = writer.WriteArrayStart(DBusType.Struct);
        foreach (var p in properties)
        {
            writer.WriteStructureStart();
            writer.WriteString(p.Name);
            writer.WriteVariant(ToVariant(p.Value));
        }
        writer.WriteArrayEnd(array);
    }

    public static VariantValue ToVariant(UnitValue value) => value switch
    {
        UnitValue.Bool b => VariantValue.Bool(b.Value),
        UnitValue.Str s => VariantValue.String(s.Value),
        UnitValue.Double d => VariantValue.Double(d.Value),
        UnitValue.Bytes a => VariantValue.Array(a.Value),
        UnitValue.UInt32Array a => VariantValue.Array(a.Value),
        UnitValue.StrArray a => VariantValue.Array(a.Value),
        UnitValue.Int { Type: 'y' } i => VariantValue.Byte((byte)i.Value),
        UnitValue.Int { Type: 'n' } i => VariantValue.Int16((short)i.Value),
        UnitValue.Int { Type: 'q' } i => VariantValue.UInt16((ushort)i.Value),
        UnitValue.Int { Type: 'i' } i => VariantValue.Int32((int)i.Value),
        UnitValue.Int { Type: 'u' } i => VariantValue.UInt32((uint)i.Value),
        UnitValue.Int { Type: 'x' } i => VariantValue.Int64((long)i.Value),
        UnitValue.Int { Type: 't' } i => VariantValue.UInt64((ulong)i.Value),
        _ => throw new ArgumentException($"no D-Bus encoding for {value}"),
    };
}
