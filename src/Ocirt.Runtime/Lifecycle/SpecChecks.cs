namespace Ocirt.Runtime.Lifecycle;

/// <summary>The checks create needs before touching the machine (the full validator lives in Ocirt.Spec).</summary>
internal static class SpecChecks
{
    private static readonly string[] KnownNamespaces = ["pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"];

    public static List<string> Validate(Ocirt.Spec.Model.Spec spec)
    {
        var errors = new List<string>();
        if (spec.Process == null) errors.Add("process: required");
        else if (spec.Process.Args is not { Count: > 0 }) errors.Add("process.args: must not be empty");
        if (spec.Root == null || string.IsNullOrEmpty(spec.Root.Path)) errors.Add("root.path: must not be empty");
        var ns = spec.Linux?.Namespaces ?? [];
        for (int i = 0; i < ns.Count; i++)
            if (!KnownNamespaces.Contains(ns[i].Type)) errors.Add($"linux.namespaces[{i}].type: unknown namespace \"{ns[i].Type}\"");
        return errors;
    }
}
