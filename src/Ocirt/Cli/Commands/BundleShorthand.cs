namespace Ocirt.Cli.Commands;

/// <summary>
/// `ocirt run bundle/`: a create/run argument that is not a valid container ID but is a directory
/// holding config.json is the bundle; the ID is its name plus a short random suffix. A valid ID
/// keeps runc's meaning exactly (bundle from --bundle or the current directory).
/// </summary>
public static class BundleShorthand
{
    /// <summary>Returns (id, bundle) when the argument is a bundle path, else null.</summary>
    public static (string Id, string Bundle)? Resolve(string argument)
    {
        // "." and ".." keep runc's answer (invalid container ID format); "./" and "bundle/" are bundles.
        if (IsValidId(argument) || argument is "." or "..") return null;
        string dir = Path.GetFullPath(argument);
        if (!File.Exists(Path.Combine(dir, "config.json"))) return null;
        string name = new string(Path.GetFileName(dir.TrimEnd('/')).Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '-').ToArray()).Trim('.');
        if (name.Length == 0) name = "ocirt";
        return ($"{name}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}", dir);
    }

    public static bool IsValidId(string id) =>
        id.Length > 0 && id != "." && id != ".." && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '+' or '-' or '.');
}
