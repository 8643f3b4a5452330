using Ocirt.Runtime.HostCheck;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>`ocirt check`'s "systemd driver" line: can --systemd-cgroup be used here (systemd running, its bus answering)?</summary>
public static class SystemdAvailability
{
    public const string ItemName = "systemd driver";

    public static CheckItem Probe()
    {
        if (!Directory.Exists("/run/systemd/system"))
            return new CheckItem(ItemName, CheckStatus.Info, "not usable: systemd is not running (no /run/systemd/system); the cgroupfs driver is used (no --systemd-cgroup)");
        try
        {
            using var bus = SystemdBus.Connect();
            return new CheckItem(ItemName, CheckStatus.Ok, $"systemd {bus.Version()} on the system bus ({SystemdBus.SystemBusAddress}): --systemd-cgroup can be used");
        }
        catch (OcirtException e)
        {
            return new CheckItem(ItemName, CheckStatus.Warn, $"systemd runs but --systemd-cgroup cannot be used: {e.Message}");
        }
    }
}
