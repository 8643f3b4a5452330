using Ocirt.Runtime.Lifecycle;
using Tmds.DBus.Protocol;

namespace Ocirt.Runtime.Cgroups.Systemd;

/// <summary>
/// systemd's manager (org.freedesktop.systemd1) over the system bus: the few calls the cgroup driver needs,
/// each waiting for its job to finish (the JobRemoved signal), as runc does. Synchronous on purpose: ocirt's
/// commands are sequential. Never used after fork() in a child.
/// </summary>
public sealed class SystemdBus : IDisposable
{
    private const string Service = "org.freedesktop.systemd1";
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private const string Manager = "org.freedesktop.systemd1.Manager";
    /// <summary>runc's wait for a job; a scope's start job takes a few ms.</summary>
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);

    private readonly DBusConnection _connection;
    private readonly object _lock = new();
    private readonly Dictionary<string, string> _finishedJobs = new();
    private readonly Dictionary<string, TaskCompletionSource<string>> _awaitedJobs = new();
    private IDisposable? _jobWatch;

    private SystemdBus(DBusConnection connection) => _connection = connection;

    /// <summary>The system bus address: $DBUS_SYSTEM_BUS_ADDRESS or the standard socket.</summary>
    public static string SystemBusAddress =>
        Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } a ? a : "unix:path=/run/dbus/system_bus_socket";

    /// <summary>Connects and subscribes to job completions; a clear error when there is no bus or no systemd on it.</summary>
    public static SystemdBus Connect()
    {
        if (!Directory.Exists("/run/systemd/system"))
            throw new OcirtException("--systemd-cgroup: systemd is not running on this host (no /run/systemd/system)");
        string address = SystemBusAddress;
        var connection = new DBusConnection(address);
        var bus = new SystemdBus(connection);
        try
        {
            Wait(connection.ConnectAsync().AsTask(), $"connect to the system bus ({address})");
            bus._jobWatch = Wait(connection.AddMatchAsync(
                new MatchRule { Type = MessageType.Signal, Sender = Service, Path = ManagerPath, Interface = Manager, Member = "JobRemoved" },
                static (Message m, object? _) =>
                {
                    var r = m.GetBodyReader();
                    r.ReadUInt32();
                    string job = r.ReadObjectPathAsString();
                    r.ReadString();
                    return (Job: job, Result: r.ReadString());
                },
                notification =>
                {
                    if (notification.HasValue) bus.JobRemoved(notification.Value.Job, notification.Value.Result);
                },
                emitOnCapturedContext: false, ObserverFlags.None).AsTask(), "subscribe to systemd's JobRemoved signal");
            return bus;
        }
        catch
        {
            bus.Dispose();
            throw;
        }
    }

    /// <summary>StartTransientUnit(name, "replace", properties, []) and waits for the job: "done" or an error.</summary>
    public void StartTransientUnit(string unit, IReadOnlyList<UnitProperty> properties)
    {
        var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ManagerPath, Manager, "StartTransientUnit", "ssa(sv)a(sa(sv))");
        writer.WriteString(unit);
        writer.WriteString("replace");
        UnitPropertyEncoder.WriteProperties(ref writer, properties);
        var aux = writer.WriteArrayStart(DBusType.Struct); // no auxiliary units
        writer.WriteArrayEnd(aux);
        string job = CallReturningJob(writer.CreateMessage(), $"StartTransientUnit {unit}");
        AwaitJob(job, unit, "start");
    }

    /// <summary>StopUnit(name, "replace") and waits; a unit systemd no longer knows is already stopped.</summary>
    public void StopUnit(string unit)
    {
        var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ManagerPath, Manager, "StopUnit", "ss");
        writer.WriteString(unit);
        writer.WriteString("replace");
        string job;
        try { job = CallReturningJob(writer.CreateMessage(), $"StopUnit {unit}"); }
        catch (SystemdCallException e) when (e.ErrorName == "org.freedesktop.systemd1.NoSuchUnit") { return; }
        AwaitJob(job, unit, "stop");
    }

    /// <summary>SetUnitProperties(name, runtime=true, properties): live changes, not persisted across reboots.</summary>
    public void SetUnitProperties(string unit, IReadOnlyList<UnitProperty> properties)
    {
        if (properties.Count == 0) return;
        var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ManagerPath, Manager, "SetUnitProperties", "sba(sv)");
        writer.WriteString(unit);
        writer.WriteBool(true);
        UnitPropertyEncoder.WriteProperties(ref writer, properties);
        Call(writer.CreateMessage(), $"SetUnitProperties {unit}");
    }

    /// <summary>ResetFailedUnit: a failed unit of the same name blocks a new one (runc retries after it).</summary>
    public void ResetFailedUnit(string unit)
    {
        var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ManagerPath, Manager, "ResetFailedUnit", "s");
        writer.WriteString(unit);
        try { Call(writer.CreateMessage(), $"ResetFailedUnit {unit}"); }
        catch (SystemdCallException e) when (e.ErrorName == "org.freedesktop.systemd1.NoSuchUnit") { }
    }

    /// <summary>The manager's Version property ("252.38-1~deb12u1").</summary>
    public string Version()
    {
        var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ManagerPath, "org.freedesktop.DBus.Properties", "Get", "ss");
        writer.WriteString(Manager);
        writer.WriteString("Version");
        return Wait(_connection.CallMethodAsync(writer.CreateMessage(),
            static (Message m, object? _) => m.GetBodyReader().ReadVariantValue().GetString(), null), "read systemd's Version");
    }

    private string CallReturningJob(MessageBuffer message, string what)
    {
        try
        {
            return Wait(_connection.CallMethodAsync(message, static (Message m, object? _) => m.GetBodyReader().ReadObjectPathAsString(), null), what);
        }
        catch (DBusErrorReplyException e) { throw new SystemdCallException(what, e); }
    }

    private void Call(MessageBuffer message, string what)
    {
        try { Wait(_connection.CallMethodAsync(message), what); }
        catch (DBusErrorReplyException e) { throw new SystemdCallException(what, e); }
    }

    private void JobRemoved(string job, string result)
    {
        lock (_lock)
        {
            if (_awaitedJobs.Remove(job, out var waiter)) waiter.TrySetResult(result);
            else _finishedJobs[job] = result; // the signal can beat the method's reply
        }
    }

    private void AwaitJob(string job, string unit, string verb)
    {
        Task<string> done;
        lock (_lock)
        {
            if (_finishedJobs.Remove(job, out string? result)) done = Task.FromResult(result);
            else
            {
                var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaitedJobs[job] = waiter;
                done = waiter.Task;
            }
        }
        if (!done.Wait(JobTimeout))
            throw new OcirtException($"systemd: timed out after {JobTimeout.TotalSeconds:0}s waiting for the {verb} job of {unit}");
        if (done.Result != "done")
            throw new OcirtException($"systemd: the {verb} job of {unit} ended with \"{done.Result}\" (see journalctl -u {unit})");
    }

    private static T Wait<T>(Task<T> task, string what)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (DBusErrorReplyException) { throw; }
        catch (Exception e) when (e is DBusExceptionBase or IOException or System.Net.Sockets.SocketException)
        {
            throw new OcirtException($"systemd: {what}: {e.Message}");
        }
    }

    private static void Wait(Task task, string what) => Wait(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, TaskScheduler.Default), what);

    public void Dispose()
    {
        _jobWatch?.Dispose();
        _connection.Dispose();
    }
}

/// <summary>An error reply from systemd, with its D-Bus name (org.freedesktop.systemd1.UnitExists, ...).</summary>
public sealed class SystemdCallException(string what, DBusErrorReplyException e)
    : OcirtException($"systemd: {what}: {e.ErrorMessage} ({e.ErrorName})")
{
    public string ErrorName { get; } = e.ErrorName;
}
