namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>Access bits as the kernel's bpf_cgroup_dev_ctx reports them (BPF_DEVCG_ACC_*).</summary>
[Flags]
public enum DeviceAccess { None = 0, Mknod = 1, Read = 2, Write = 4, All = 7 }

/// <summary>
/// One device cgroup rule: type 'a' (all), 'c' or 'b'; major/minor -1 = any. The bpf type codes are
/// BPF_DEVCG_DEV_BLOCK = 1 and BPF_DEVCG_DEV_CHAR = 2.
/// </summary>
public sealed record DeviceRule(char Type, long Major, long Minor, DeviceAccess Access, bool Allow)
{
    public const long Any = -1;

    public static DeviceAccess ParseAccess(string access, string field)
    {
        if (access.Length == 0) throw new Resources.ResourceException(field, "device access cannot be empty");
        var result = DeviceAccess.None;
        foreach (char c in access)
            result |= c switch
            {
                'r' => DeviceAccess.Read,
                'w' => DeviceAccess.Write,
                'm' => DeviceAccess.Mknod,
                _ => throw new Resources.ResourceException(field, $"unknown device access '{c}' in \"{access}\""),
            };
        return result;
    }

    public override string ToString()
    {
        static string N(long v) => v < 0 ? "*" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string acc = (Access.HasFlag(DeviceAccess.Read) ? "r" : "") + (Access.HasFlag(DeviceAccess.Write) ? "w" : "") + (Access.HasFlag(DeviceAccess.Mknod) ? "m" : "");
        return $"{(Allow ? "allow" : "deny")} {Type} {N(Major)}:{N(Minor)} {acc}";
    }
}
