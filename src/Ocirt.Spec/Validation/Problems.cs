using System.Text;

namespace Ocirt.Spec.Validation;

/// <summary>Collects "path: message" validation errors so every problem is reported, not just the first.</summary>
internal sealed class Problems
{
    public List<string> Items { get; } = [];

    public void Add(string path, string message) => Items.Add($"{path}: {message}");

    /// <summary>Go's %q for the strings we print, so messages read like runc's.</summary>
    public static string Q(string? s)
    {
        var b = new StringBuilder("\"");
        foreach (char c in s ?? "")
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) b.Append($"\\x{(int)c:x2}");
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }

    public static bool IsAbsolute(string? path) => !string.IsNullOrEmpty(path) && path[0] == '/';
}
