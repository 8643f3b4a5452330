using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>
/// The container's device rules as runc builds them (specconv CreateCgroupConfig): linux.resources.devices,
/// then runc's AllowedDevices. A linux.devices entry only makes the node: access to it needs a rule
/// (runc 1.1.5: a deny-all keeps a configured /dev/kmsg unwritable; Docker and podman add the rule).
/// </summary>
public static class DeviceRules
{
    /// <summary>runc's specconv.AllowedDevices: mknod of anything, the standard /dev nodes, ptys and tun.</summary>
    public static readonly IReadOnlyList<DeviceRule> RuncDefaults =
    [
        new('c', DeviceRule.Any, DeviceRule.Any, DeviceAccess.Mknod, true),
        new('b', DeviceRule.Any, DeviceRule.Any, DeviceAccess.Mknod, true),
        new('c', 1, 3, DeviceAccess.All, true),   // /dev/null
        new('c', 1, 8, DeviceAccess.All, true),   // /dev/random
        new('c', 1, 7, DeviceAccess.All, true),   // /dev/full
        new('c', 5, 0, DeviceAccess.All, true),   // /dev/tty
        new('c', 1, 5, DeviceAccess.All, true),   // /dev/zero
        new('c', 1, 9, DeviceAccess.All, true),   // /dev/urandom
        new('c', 136, DeviceRule.Any, DeviceAccess.All, true), // /dev/pts/*
        new('c', 5, 2, DeviceAccess.All, true),   // /dev/ptmx
        new('c', 10, 200, DeviceAccess.All, true), // /dev/net/tun
    ];

    public static List<DeviceRule> Of(LinuxResources? resources)
    {
        var rules = new List<DeviceRule>();
        var specRules = resources?.Devices ?? [];
        for (int i = 0; i < specRules.Count; i++)
        {
            var d = specRules[i];
            string field = $"linux.resources.devices[{i}]";
            char type = d.Type switch
            {
                null or "" or "a" => 'a',
                "c" => 'c',
                "b" => 'b',
                _ => throw new Resources.ResourceException(field + ".type", $"invalid device type \"{d.Type}\""),
            };
            rules.Add(new DeviceRule(type, d.Major ?? DeviceRule.Any, d.Minor ?? DeviceRule.Any,
                DeviceRule.ParseAccess(d.Access ?? "", field + ".access"), d.Allow));
        }
        rules.AddRange(RuncDefaults);
        return rules;
    }
}
