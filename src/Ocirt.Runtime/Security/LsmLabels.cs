using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Security;

/// <summary>
/// process.apparmorProfile and process.selinuxLabel: the label the program gets at execve, written
/// to the process's own /proc/self/attr file just before it (runc's order). An AppArmor profile on a
/// host without AppArmor is an error (the container would silently run unconfined); an SELinux label
/// without SELinux is ignored, as runc (go-selinux) does.
/// </summary>
public static class LsmLabels
{
    public static bool AppArmorEnabled()
    {
        if (!Directory.Exists("/sys/kernel/security/apparmor")) return false;
        try { return File.ReadAllText("/sys/module/apparmor/parameters/enabled").StartsWith('Y'); }
        catch (IOException) { return false; }
    }

    public static bool SelinuxEnabled() => File.Exists("/sys/fs/selinux/enforce");

    /// <summary>The (file, content) writes to make right before execve; throws when a profile cannot be honoured.</summary>
    public static List<(string Path, string Content)> ExecWrites(Ocirt.Spec.Model.Process process, string field)
    {
        var writes = new List<(string, string)>();
        if (!string.IsNullOrEmpty(process.ApparmorProfile))
        {
            if (!AppArmorEnabled())
                throw new OcirtException($"{field}.apparmorProfile: \"{process.ApparmorProfile}\" requested but AppArmor is not enabled on this host");
            string path = File.Exists("/proc/self/attr/apparmor/exec") ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
            writes.Add((path, "exec " + process.ApparmorProfile));
        }
        if (!string.IsNullOrEmpty(process.SelinuxLabel))
        {
            if (!SelinuxEnabled())
                throw new OcirtException($"{field}.selinuxLabel: selinux label is specified in config, but selinux is disabled or not supported");
            writes.Add(("/proc/self/attr/exec", process.SelinuxLabel));
        }
        return writes;
    }

    /// <summary>linux.mountLabel needs SELinux (runc's validation).</summary>
    public static void CheckMountLabel(string? mountLabel)
    {
        if (!string.IsNullOrEmpty(mountLabel) && !SelinuxEnabled())
            throw new OcirtException("linux.mountLabel: selinux label is specified in config, but selinux is disabled or not supported");
    }

    /// <summary>
    /// Filesystems the runtime creates (tmpfs, mqueue, devpts...) get the mount label as their
    /// SELinux context (runc's label.FormatMountLabel); proc, sysfs and cgroup take none.
    /// </summary>
    public static string? WithMountLabel(string? data, string fsType, string? mountLabel)
    {
        if (string.IsNullOrEmpty(mountLabel) || fsType is "proc" or "sysfs" or "cgroup" or "cgroup2") return data;
        string context = $"context=\"{mountLabel}\"";
        return string.IsNullOrEmpty(data) ? context : data + "," + context;
    }

    /// <summary>Performs the writes in this process (the init).</summary>
    public static void Apply(List<(string Path, string Content)> writes)
    {
        foreach (var (path, content) in writes)
        {
            try { File.WriteAllText(path, content); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OcirtException($"apply the security label \"{content}\" ({path}): {ErrorText.Of(e)}");
            }
        }
    }
}
