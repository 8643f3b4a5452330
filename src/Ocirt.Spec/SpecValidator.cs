using Ocirt.Spec.Validation;

namespace Ocirt.Spec;

/// <summary>
/// Semantic checks on a parsed config.json, run before anything is created. Messages are path-qualified
/// ("process.args: must not be empty") so users can find the field; runtime-dependent checks (sysctl
/// names, cgroupsPath form, file existence) are left to the runtime.
/// </summary>
public static class SpecValidator
{
    public static IReadOnlyList<string> Validate(Model.Spec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var p = new Problems();
        // Null entries first: the rules below expect every list entry to be there.
        EntryRules.Check(spec, p);
        if (p.Items.Count > 0) return p.Items;
        VersionRules.Check(spec, p);
        ProcessRules.Check(spec.Process, p);
        FilesystemRules.Check(spec, p);
        NamespaceRules.Check(spec, p);
        LinuxRules.Check(spec.Linux, p);
        ResourceRules.Check(spec.Linux?.Resources, p);
        SeccompRules.Check(spec.Linux?.Seccomp, p);
        return p.Items;
    }

    /// <summary>Throws a SpecException naming every problem ("; "-joined) if the spec is invalid.</summary>
    public static void ValidateOrThrow(Model.Spec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new SpecException(string.Join("; ", errors));
    }
}
