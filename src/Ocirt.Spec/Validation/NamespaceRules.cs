using Ocirt.Spec.Model;
using Ocirt.Spec.Names;

namespace Ocirt.Spec.Validation;

/// <summary>linux.namespaces and the settings that depend on them (id maps, hostname, time offsets, net devices).</summary>
internal static class NamespaceRules
{
    public static void Check(Model.Spec spec, Problems p)
    {
        var linux = spec.Linux;
        var namespaces = linux?.Namespaces ?? [];
        var seen = new HashSet<string>();
        for (int i = 0; i < namespaces.Count; i++)
        {
            var ns = namespaces[i];
            if (!NamespaceTable.IsKnown(ns.Type)) p.Add($"linux.namespaces[{i}].type", $"unknown namespace {Problems.Q(ns.Type)}");
            else if (!seen.Add(ns.Type)) p.Add($"linux.namespaces[{i}].type", $"duplicate namespace {Problems.Q(ns.Type)}");
            if (!string.IsNullOrEmpty(ns.Path) && !Problems.IsAbsolute(ns.Path))
                p.Add($"linux.namespaces[{i}].path", "must be absolute");
        }

        var user = Find(namespaces, NamespaceTable.User);
        CheckIdMappings("uidMappings", linux?.UidMappings, user, p);
        CheckIdMappings("gidMappings", linux?.GidMappings, user, p);

        // runc: masking and read-only paths are mounts, which without a mount namespace (new or joined)
        // would be made in the caller's.
        if (Find(namespaces, NamespaceTable.Mount) is null)
        {
            const string why = "unable to restrict sys entries without a private MNT namespace";
            if (linux?.MaskedPaths is { Count: > 0 }) p.Add("linux.maskedPaths", why);
            if (linux?.ReadonlyPaths is { Count: > 0 }) p.Add("linux.readonlyPaths", why);
        }

        // runc: a hostname/domainname needs a private UTS namespace (new or joined).
        bool uts = Find(namespaces, NamespaceTable.Uts) is not null;
        if (!string.IsNullOrEmpty(spec.Hostname) && !uts) p.Add("hostname", "requires a new uts namespace");
        if (!string.IsNullOrEmpty(spec.Domainname) && !uts) p.Add("domainname", "requires a new uts namespace");

        if (linux?.TimeOffsets is { Count: > 0 } offsets)
        {
            // Offsets can only be written before the first process enters a new time namespace.
            var time = Find(namespaces, NamespaceTable.Time);
            if (time is null || !string.IsNullOrEmpty(time.Path)) p.Add("linux.timeOffsets", "requires a new time namespace");
            foreach (string clock in offsets.Keys)
                if (clock is not ("monotonic" or "boottime")) p.Add("linux.timeOffsets", $"unknown clock {Problems.Q(clock)}");
        }

        if (linux?.NetDevices is { Count: > 0 } devices)
        {
            if (Find(namespaces, NamespaceTable.Network) is null) p.Add("linux.netDevices", "requires a network namespace");
            foreach (var (host, dev) in devices)
                if (host.Length == 0 || host.Contains('/') || (dev.Name?.Contains('/') ?? false))
                    p.Add("linux.netDevices", $"invalid device name {Problems.Q(host)}");
        }
    }

    private static LinuxNamespace? Find(List<LinuxNamespace> namespaces, string type) =>
        namespaces.FirstOrDefault(n => n.Type == type);

    // Mirrors runc's usernamespace validator: a new user namespace needs maps. A joined one may repeat
    // its maps: containerd and CRI-O pass both, runc 1.1 requires them and newer runc only warns.
    private static void CheckIdMappings(string field, List<LinuxIdMapping>? maps, LinuxNamespace? user, Problems p)
    {
        string path = $"linux.{field}";
        bool hasMaps = maps is { Count: > 0 };
        if (user is null)
        {
            if (hasMaps) p.Add(path, "requires a user namespace");
            return;
        }
        bool joined = !string.IsNullOrEmpty(user.Path);
        if (!joined && !hasMaps) p.Add(path, "required when a user namespace is created");
        for (int i = 0; i < (maps?.Count ?? 0); i++)
            if (maps![i].Size == 0) p.Add($"{path}[{i}].size", "must be positive");
    }
}
