using Ocirt.Spec.Model;

namespace Ocirt.Spec.Validation;

/// <summary>
/// Checked first: a JSON null inside a list (every later rule expects an entry there), and a NUL byte in a
/// string that goes to execve (C strings end at the NUL, so the program would run with other arguments).
/// </summary>
internal static class EntryRules
{
    public static void Check(Model.Spec spec, Problems p)
    {
        var process = spec.Process;
        Strings("process.args", process?.Args, p, noNul: true);
        Strings("process.env", process?.Env, p, noNul: true);
        if (process?.Cwd?.Contains('\0') == true) p.Add("process.cwd", "must not contain a NUL byte");
        if (process?.Capabilities is { } caps)
        {
            Strings("process.capabilities.bounding", caps.Bounding, p);
            Strings("process.capabilities.effective", caps.Effective, p);
            Strings("process.capabilities.inheritable", caps.Inheritable, p);
            Strings("process.capabilities.permitted", caps.Permitted, p);
            Strings("process.capabilities.ambient", caps.Ambient, p);
        }
        Objects("process.rlimits", process?.Rlimits, p);
        Objects("mounts", spec.Mounts, p);
        for (int i = 0; i < (spec.Mounts?.Count ?? 0); i++)
            if (spec.Mounts![i] is { } m) Strings($"mounts[{i}].options", m.Options, p);
        if (spec.Hooks is { } h)
        {
            Hooks("hooks.prestart", h.Prestart, p);
            Hooks("hooks.createRuntime", h.CreateRuntime, p);
            Hooks("hooks.createContainer", h.CreateContainer, p);
            Hooks("hooks.startContainer", h.StartContainer, p);
            Hooks("hooks.poststart", h.Poststart, p);
            Hooks("hooks.poststop", h.Poststop, p);
        }
        var linux = spec.Linux;
        Objects("linux.uidMappings", linux?.UidMappings, p);
        Objects("linux.gidMappings", linux?.GidMappings, p);
        Objects("linux.namespaces", linux?.Namespaces, p);
        Objects("linux.devices", linux?.Devices, p);
        Objects("linux.resources.devices", linux?.Resources?.Devices, p);
        Strings("linux.maskedPaths", linux?.MaskedPaths, p);
        Strings("linux.readonlyPaths", linux?.ReadonlyPaths, p);
        if (linux?.Seccomp is { } seccomp)
        {
            Objects("linux.seccomp.syscalls", seccomp.Syscalls, p);
            for (int i = 0; i < (seccomp.Syscalls?.Count ?? 0); i++)
                if (seccomp.Syscalls![i] is { } sc)
                {
                    Strings($"linux.seccomp.syscalls[{i}].names", sc.Names, p);
                    Objects($"linux.seccomp.syscalls[{i}].args", sc.Args, p);
                }
        }
    }

    private static void Hooks(string at, List<Hook>? hooks, Problems p)
    {
        Objects(at, hooks, p);
        for (int i = 0; i < (hooks?.Count ?? 0); i++)
            if (hooks![i] is { } hook)
            {
                Strings($"{at}[{i}].args", hook.Args, p, noNul: true);
                Strings($"{at}[{i}].env", hook.Env, p, noNul: true);
            }
    }

    private static void Objects<T>(string at, List<T>? list, Problems p) where T : class
    {
        for (int i = 0; i < (list?.Count ?? 0); i++)
            if (list![i] is null) p.Add($"{at}[{i}]", "must be an object, not null");
    }

    private static void Strings(string at, List<string>? list, Problems p, bool noNul = false)
    {
        for (int i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null) p.Add($"{at}[{i}]", "must be a string, not null");
            else if (noNul && list[i].Contains('\0')) p.Add($"{at}[{i}]", "must not contain a NUL byte");
        }
    }
}
