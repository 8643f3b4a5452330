using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// A container's unit, made before its init exists. A scope needs a process to start, and the init must be
/// born in the container's cgroup (clone3 CLONE_INTO_CGROUP: no migration of the init, the cgroup namespace
/// rooted right). So ocirt itself is the scope's first process: systemd moves ocirt in, the init is cloned
/// into the scope's cgroup, and ocirt moves back to its own cgroup while the init sets up (LeaveScope).
/// A slice unit needs no process: the init is simply cloned into it.
/// </summary>
public sealed class SystemdPlacement : IDisposable
{
    private readonly SystemdBus _bus;
    private readonly string _ownCgroupDir;
    private bool _inScope;

    public SystemdCgroupPath.Parsed Unit { get; }
    /// <summary>The unit's cgroup directory (under the hierarchy's root).</summary>
    public string CgroupDir { get; }
    /// <summary>Whether ocirt made the unit (and so stops it on failure and on delete); false for an existing slice.</summary>
    public bool Created { get; }

    private SystemdPlacement(SystemdBus bus, SystemdCgroupPath.Parsed unit, string cgroupDir, string ownCgroupDir, bool created, bool inScope)
    {
        _bus = bus;
        Unit = unit;
        CgroupDir = cgroupDir;
        _ownCgroupDir = ownCgroupDir;
        Created = created;
        _inScope = inScope;
    }

    /// <summary>The unit's properties, validated: a bad annotation or resource fails before anything exists.</summary>
    public static List<UnitProperty> Properties(SystemdCgroupPath.Parsed unit, string id, Ocirt.Spec.Model.Spec spec) =>
        UnitProperties.ForNewUnit(unit, id, unit.IsSlice ? [] : [(uint)Environment.ProcessId], spec.Linux?.Resources, spec.Annotations);

    /// <summary>Starts the unit (job awaited) with ocirt in it when it is a scope.</summary>
    public static SystemdPlacement Start(string cgroupRoot, SystemdCgroupPath.Parsed unit, IReadOnlyList<UnitProperty> properties)
    {
        string ownCgroupDir = cgroupRoot + CgroupV2.OwnCgroup().TrimEnd('/');
        var bus = SystemdBus.Connect();
        try
        {
            bool created = StartOrAdopt(bus, unit, properties);
            string dir = cgroupRoot + unit.CgroupPath;
            var placement = new SystemdPlacement(bus, unit, dir, ownCgroupDir, created, inScope: created && !unit.IsSlice);
            if (!Directory.Exists(dir))
            {
                placement.Abort();
                throw new OcirtException($"systemd started {unit.Unit} but its cgroup {dir} does not exist (is ocirt in systemd's cgroup namespace?)");
            }
            return placement;
        }
        catch
        {
            bus.Dispose();
            throw;
        }
    }

    /// <summary>runc's startUnit: an existing slice is used as is; a scope of the same name is an error unless it only failed.</summary>
    private static bool StartOrAdopt(SystemdBus bus, SystemdCgroupPath.Parsed unit, IReadOnlyList<UnitProperty> properties)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                bus.StartTransientUnit(unit.Unit, properties);
                return true;
            }
            catch (SystemdCallException e) when (e.ErrorName == "org.freedesktop.systemd1.UnitExists")
            {
                if (unit.IsSlice) return false;
                if (attempt > 0) throw new OcirtException($"systemd unit {unit.Unit} already exists (linux.cgroupsPath): is another container using it?");
                bus.ResetFailedUnit(unit.Unit); // a failed unit of that name only blocks us until it is reset
            }
            catch (OcirtException)
            {
                // Refused, or the job failed or timed out: no failed unit of that name may stay behind (runc resets it too).
                try { bus.ResetFailedUnit(unit.Unit); } catch (OcirtException) { }
                throw;
            }
        }
    }

    /// <summary>Moves ocirt back to the cgroup it came from, once the init is in the scope (so the scope is never empty).</summary>
    public void LeaveScope()
    {
        if (!_inScope) return;
        CgroupV2.Join(_ownCgroupDir, Environment.ProcessId);
        _inScope = false;
    }

    /// <summary>Undoes Start after a failed create: ocirt out, the unit stopped (which kills what is left in it).</summary>
    public void Abort()
    {
        try { LeaveScope(); }
        catch (OcirtException e)
        {
            // Stopping the scope now would SIGTERM ocirt itself; once ocirt exits the scope is empty and systemd
            // stops it by itself.
            Diagnostics.RuntimeLog.Warn($"{Unit.Unit}: {e.Message}; the unit ends when ocirt exits");
            return;
        }
        if (!Created) return;
        try
        {
            _bus.StopUnit(Unit.Unit);
            _bus.ResetFailedUnit(Unit.Unit);
        }
        catch (OcirtException e) { Diagnostics.RuntimeLog.Warn($"stop {Unit.Unit}: {e.Message}"); }
    }

    public void Dispose() => _bus.Dispose();

    /// <summary>delete: stops the unit and waits (systemd kills what is left and removes the cgroup), then forgets a failed state.</summary>
    public static void Stop(string unit)
    {
        using var bus = SystemdBus.Connect();
        bus.StopUnit(unit);
        bus.ResetFailedUnit(unit);
    }

    /// <summary>update: the resources systemd has properties for, set live (runtime) on the unit.</summary>
    public static void Update(string unit, Ocirt.Spec.Model.LinuxResources resources)
    {
        var properties = ResourceProperties.Map(resources);
        if (properties.Count == 0) return;
        using var bus = SystemdBus.Connect();
        bus.SetUnitProperties(unit, properties);
    }
}
