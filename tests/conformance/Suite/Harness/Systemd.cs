using Xunit;

namespace Ocirt.Conformance.Harness;

/// <summary>A real systemd (PID 1 with its system bus), as `make test-systemd` provides; systemctl to observe it.</summary>
public static class Systemd
{
    public const string BusSocket = "/run/dbus/system_bus_socket";

    /// <summary>Null when a systemd with a reachable bus runs here, else why not.</summary>
    public static string? Missing { get; } = Find();

    private static string? Find()
    {
        if (!Directory.Exists("/run/systemd/system")) return "no systemd running here (/run/systemd/system absent); make test-systemd runs these tests under a real one";
        if (!File.Exists(BusSocket)) return $"systemd runs but its system bus is not reachable ({BusSocket} absent)";
        return null;
    }

    /// <summary>`systemctl show UNIT -p NAME --value`.</summary>
    public static string Show(string unit, string property) =>
        Exec.Run("systemctl", ["show", unit, "-p", property, "--value"]).Stdout.Trim();

    /// <summary>Whether systemd knows the unit at all (a stopped transient unit is gone: LoadState=not-found).</summary>
    public static bool Loaded(string unit) => Show(unit, "LoadState") == "loaded";

    /// <summary>Whether the cgroup2 hierarchy offers a controller (the host's cgroup2 may lack memory, pids, ...).</summary>
    public static bool HasController(string controller) =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers")
        && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split([' ', '\n']).Contains(controller);
}

/// <summary>A fact that needs a real systemd: skipped, with the reason, where there is none.</summary>
public sealed class SystemdFactAttribute : FactAttribute
{
    public SystemdFactAttribute(string? needsController = null)
    {
        if (Systemd.Missing is { } why) Skip = why;
        else if (needsController != null && !Systemd.HasController(needsController))
            Skip = $"the {needsController} controller is not available in this cgroup2 hierarchy (the qemu VM's systemd has it)";
    }
}

/// <summary>A fact for hosts without systemd (the --systemd-cgroup error); skipped where systemd runs.</summary>
public sealed class NoSystemdFactAttribute : FactAttribute
{
    public NoSystemdFactAttribute()
    {
        if (Directory.Exists("/run/systemd/system")) Skip = "systemd runs here: the driver works instead of failing";
    }
}
