namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>
/// linux.resources.unified{file: value}: written as given, one line at a time (runc WriteFileByLine). The key must
/// be a plain file name CONTROLLER.PARAMETER, so that it cannot leave the container's cgroup directory.
/// </summary>
public static class UnifiedMapping
{
    public static IEnumerable<CgroupWrite> Map(Dictionary<string, string>? unified)
    {
        foreach (var (key, value) in (unified ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string field = $"linux.resources.unified[\"{key}\"]";
            int dot = key.IndexOf('.');
            if (key.Contains('/') || key.Contains("..") || key.Contains('\0'))
                throw new ResourceException(field, "must be a file name (no \"/\" or \"..\")");
            if (dot <= 0 || dot == key.Length - 1)
                throw new ResourceException(field, "must be in the form CONTROLLER.PARAMETER");
            string controller = key[..dot];
            if (controller == "cgroup") controller = ""; // core files: no controller to enable
            foreach (string line in value.Split('\n'))
                if (line.Length > 0 || value.Length == 0)
                    yield return new CgroupWrite(controller, key, line, field);
        }
    }
}
