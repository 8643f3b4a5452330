namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>
/// Rules reduced the way the cgroup v1 kernel (and runc's devices emulator) applies them in order: an 'a' rule
/// resets everything to allow-all or deny-all; any other rule either adds an exception (the opposite of the
/// default; same device merges access) or removes access from an exactly matching exception. The result is a
/// default plus exceptions that all have the opposite verdict, so their order no longer matters and a later
/// rule always overrides an earlier one for the same device.
/// </summary>
public sealed class DeviceRuleSet
{
    public bool DefaultAllow { get; private set; }
    private readonly List<DeviceRule> _exceptions = [];
    public IReadOnlyList<DeviceRule> Exceptions => _exceptions;

    public static DeviceRuleSet Reduce(IEnumerable<DeviceRule> rules)
    {
        var set = new DeviceRuleSet(); // cgroup v2 starts from deny-all, as runc's emulator does
        foreach (var r in rules) set.Apply(r);
        return set;
    }

    private void Apply(DeviceRule r)
    {
        if (r.Type == 'a')
        {
            // Kernel v1: "a" is the whole-hierarchy switch, whatever major/minor/access say.
            DefaultAllow = r.Allow;
            _exceptions.Clear();
            return;
        }
        int i = _exceptions.FindIndex(e => e.Type == r.Type && e.Major == r.Major && e.Minor == r.Minor);
        if (r.Allow != DefaultAllow)
        {
            if (i >= 0) _exceptions[i] = _exceptions[i] with { Access = _exceptions[i].Access | r.Access };
            else _exceptions.Add(r);
            return;
        }
        if (i < 0) return; // v1 removes only an exact match: a wildcard exception keeps covering this device
        var left = _exceptions[i].Access & ~r.Access;
        if (left == DeviceAccess.None) _exceptions.RemoveAt(i);
        else _exceptions[i] = _exceptions[i] with { Access = left };
    }
}
