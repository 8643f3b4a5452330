using Ocirt.Spec.Model;

namespace Ocirt.Spec.Validation;

/// <summary>root, mounts and hooks: the paths the runtime will resolve or execute.</summary>
internal static class FilesystemRules
{
    public static void Check(Model.Spec spec, Problems p)
    {
        if (spec.Root is null) p.Add("root", "required");
        else if (string.IsNullOrEmpty(spec.Root.Path)) p.Add("root.path", "must not be empty");

        for (int i = 0; i < (spec.Mounts?.Count ?? 0); i++)
            if (!Problems.IsAbsolute(spec.Mounts![i].Destination)) p.Add($"mounts[{i}].destination", "must be absolute");

        if (spec.Hooks is { } h)
        {
            CheckHooks("prestart", h.Prestart, p);
            CheckHooks("createRuntime", h.CreateRuntime, p);
            CheckHooks("createContainer", h.CreateContainer, p);
            CheckHooks("startContainer", h.StartContainer, p);
            CheckHooks("poststart", h.Poststart, p);
            CheckHooks("poststop", h.Poststop, p);
        }
    }

    private static void CheckHooks(string kind, List<Hook>? hooks, Problems p)
    {
        for (int i = 0; i < (hooks?.Count ?? 0); i++)
        {
            var hook = hooks![i];
            if (!Problems.IsAbsolute(hook.Path)) p.Add($"hooks.{kind}[{i}].path", "must be absolute");
            if (hook.Timeout is <= 0) p.Add($"hooks.{kind}[{i}].timeout", "must be positive");
        }
    }
}
