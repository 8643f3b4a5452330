using System.Text;
using Ocirt.Cli.Parsing;

namespace Ocirt.Cli.Output;

/// <summary>
/// urfave/cli v1 help templates as runc 1.1 prints them: sections NAME/USAGE/VERSION/COMMANDS/GLOBAL OPTIONS,
/// columns aligned by tabwriter.NewWriter(out, 1, 8, 2, ' ', 0) per block of consecutive lines.
/// </summary>
public static class HelpText
{
    public static string App(string version, string commit, string spec, string defaultRoot)
    {
        var b = new StringBuilder();
        b.Append("NAME:\n   ocirt - Open Container Initiative runtime\n\n");
        b.Append("ocirt is a command line client for running applications packaged according to\n");
        b.Append("the Open Container Initiative (OCI) format, and a drop-in replacement for runc.\n\n");
        b.Append("To start a new instance of a container:\n\n    # ocirt run [ -b bundle ] <container-id>\n\n");
        b.Append("USAGE:\n   ocirt [global options] command [command options] [arguments...]\n\n");
        b.Append($"VERSION:\n   {version}\ncommit: {commit}\nspec: {spec}\n\n");
        b.Append("COMMANDS:\n");
        b.Append(TabWriter.Format(CommandTable.Commands.Where(c => !c.Hidden)
            .Select(c => new[] { "   " + string.Join(", ", [c.Name, .. c.Aliases]), c.Usage }).ToList(), 1, 2));
        b.Append("\nGLOBAL OPTIONS:\n");
        b.Append(FlagLines(CommandTable.GlobalFlags.Select(f => f.Name == "root" ? f with { Default = $"\"{defaultRoot}\"" } : f)));
        return b.ToString();
    }

    /// <summary>urfave/cli v1 CommandHelpTemplate; with options the text ends in "   \n" like runc's.</summary>
    public static string Command(CommandSpec c)
    {
        var visible = c.Flags.Where(f => !f.Hidden).ToList();
        var b = new StringBuilder();
        b.Append($"NAME:\n   ocirt {c.Name} - {c.Usage}\n\n");
        b.Append($"USAGE:\n   ocirt {c.Name}{(visible.Count > 0 ? " [command options]" : "")} {(c.ArgsUsage.Length > 0 ? c.ArgsUsage : "[arguments...]")}");
        if (c.Description != null) b.Append($"\n\nDESCRIPTION:\n   {c.Description}");
        if (visible.Count > 0) b.Append("\n\nOPTIONS:\n").Append(FlagLines(visible)).Append("   ");
        return b.Append('\n').ToString();
    }

    /// <summary>"--bundle value, -b value\tusage (default: X)", one line per visible flag.</summary>
    private static string FlagLines(IEnumerable<FlagSpec> flags) =>
        TabWriter.Format(flags.Where(f => !f.Hidden).Select(f => new[]
        {
            "   " + string.Join(", ", f.Names.Select(n => (n.Length == 1 ? "-" : "--") + n + (f.IsBool ? "" : " value"))),
            f.Usage + (f.Default != null ? $" (default: {f.Default})" : ""),
        }).ToList(), 1, 2);
}
