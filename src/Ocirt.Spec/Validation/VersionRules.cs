namespace Ocirt.Spec.Validation;

/// <summary>ociVersion must be a 1.x semantic version (e.g. 1.0.2-dev, 1.2.0): the model is the 1.x schema.</summary>
internal static class VersionRules
{
    public static void Check(Model.Spec spec, Problems p)
    {
        if (!IsOneDotX(spec.OciVersion)) p.Add("ociVersion", $"must be 1.x (got {Problems.Q(spec.OciVersion)})");
    }

    internal static bool IsOneDotX(string? version)
    {
        if (string.IsNullOrEmpty(version)) return false;
        string core = version;
        int plus = core.IndexOf('+');
        if (plus >= 0) core = core[..plus];
        int dash = core.IndexOf('-');
        if (dash >= 0)
        {
            if (dash == core.Length - 1) return false;
            core = core[..dash];
        }
        string[] parts = core.Split('.');
        return parts.Length == 3 && parts[0] == "1" && parts.All(IsNumber);
    }

    // Semver numbers: digits, no leading zero.
    private static bool IsNumber(string s) =>
        s.Length > 0 && s.All(char.IsAsciiDigit) && (s.Length == 1 || s[0] != '0');
}
