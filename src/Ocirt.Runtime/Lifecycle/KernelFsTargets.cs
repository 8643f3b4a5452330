namespace Ocirt.Runtime.Lifecycle;

/// <summary>
/// proc and sysfs are mounted only on an ordinary directory of the rootfs, as runc: a symlink (or any
/// other file) there would take the mount wherever it points, and a /proc the container cannot see
/// leaves the init without the paths it needs. Checked in the parent before anything exists.
/// </summary>
internal static class KernelFsTargets
{
    public static void Check(Ocirt.Spec.Model.Spec spec, string rootfs)
    {
        var mounts = spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            if (m.Type is not ("proc" or "sysfs") || string.IsNullOrEmpty(m.Destination)) continue;
            string target = Path.Combine(rootfs, m.Destination.TrimStart('/'));
            string? problem = new FileInfo(target).LinkTarget is { } link ? $"a symlink to {link}"
                : Directory.Exists(target) || !File.Exists(target) ? null // a directory, or missing (made as one)
                : "not a directory";
            if (problem != null)
                throw new OcirtException($"mounts[{i}].destination: filesystem \"{m.Type}\" must be mounted on ordinary directory ({m.Destination} in the rootfs is {problem})");
        }
    }
}
