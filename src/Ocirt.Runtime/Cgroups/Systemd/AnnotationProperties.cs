using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// Annotations "org.systemd.property.NAME": "GVARIANT" → extra unit properties, set after (so over) ocirt's own,
/// as runc does. NAME is letters only; a "…Sec" name (lowercase letter before Sec) is converted to "…USec"
/// with its value in microseconds, since systemd takes times as USec.
/// </summary>
public static class AnnotationProperties
{
    public const string Prefix = "org.systemd.property.";

    public static List<UnitProperty> Map(Dictionary<string, string>? annotations)
    {
        var props = new List<UnitProperty>();
        if (annotations == null) return props;
        foreach (string key in annotations.Keys.Order(StringComparer.Ordinal))
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            string name = key[Prefix.Length..];
            string value = annotations[key];
            if (name.Length < 3 || !name.All(char.IsAsciiLetter))
                throw new OcirtException($"annotation {key}: the property name must be at least 3 ASCII letters");
            UnitValue parsed;
            try { parsed = GVariantText.Parse(value); }
            catch (FormatException e) { throw new OcirtException($"annotation {key}={value}: value parse error: {e.Message}"); }
            if (name.EndsWith("Sec") && name.Length > 3 && char.IsAsciiLetterLower(name[^4]))
            {
                parsed = SecondsToMicroseconds(parsed) ?? throw new OcirtException($"annotation {key}={value}: a Sec property needs a number");
                name = name[..^3] + "USec";
            }
            props.Add(new UnitProperty(name, parsed));
        }
        return props;
    }

    private static UnitValue? SecondsToMicroseconds(UnitValue v) => v switch
    {
        UnitValue.Int i => UnitValue.UInt64(unchecked((ulong)(long)(i.Value * 1_000_000))),
        UnitValue.Double d => UnitValue.UInt64((ulong)(d.Value * 1_000_000)),
        _ => null,
    };
}
