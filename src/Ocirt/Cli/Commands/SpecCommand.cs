using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec;

namespace Ocirt.Cli.Commands;

/// <summary>spec: writes runc's default config.json into the bundle (refuses to overwrite).</summary>
public static class SpecCommand
{
    public static int Run(CliContext c)
    {
        string dir = c.Flags.Get("bundle") ?? ".";
        if (!Directory.Exists(dir)) throw new OcirtException($"chdir {dir}: no such file or directory");
        string path = Path.Combine(dir, "config.json");
        if (File.Exists(path)) throw new OcirtException("File config.json exists. Remove it first");
        bool rootless = c.Flags.Bool("rootless");
        var spec = DefaultSpec.Create(rootless, Runtime.Interop.Identity.Euid, Runtime.Interop.Identity.Egid,
            cgroupNamespace: File.Exists("/sys/fs/cgroup/cgroup.controllers") || Directory.Exists("/sys/fs/cgroup/unified"));
        File.WriteAllText(path, SpecWriter.ToJson(spec));
        return 0;
    }
}
