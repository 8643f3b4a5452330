namespace Ocirt.Cli.Parsing;

public sealed record ParsedCommand(ParsedFlags Globals, CommandSpec? Command, ParsedFlags Flags, List<string> Args);

/// <summary>
/// urfave/cli v1 semantics (runc ≤ 1.5): global flags before the subcommand; "--flag value",
/// "--flag=value", "-f value", single-dash long names; flags after positionals are allowed except
/// for exec and ps, where everything after the first positional belongs to the command; "--" ends flags.
/// </summary>
public static class ArgParser
{
    public static ParsedCommand Parse(string[] argv)
    {
        var globals = new ParsedFlags();
        int i = ParseFlags(argv, 0, CommandTable.GlobalFlags, globals, null);
        if (i >= argv.Length) return new ParsedCommand(globals, null, new ParsedFlags(), []);
        string name = argv[i];
        var command = CommandTable.Find(name) ?? throw new UsageException($"No help topic for '{name}'" + Suggest(name));
        var flags = new ParsedFlags();
        var args = new List<string>();
        string[] rest = argv[(i + 1)..];
        // exec and ps (SkipArgReorder): Go's flag parsing as is, so everything after the first positional is theirs.
        if (!command.PassThroughAfterFirstArg) rest = Reorder(command.Flags, rest);
        try
        {
            int j = ParseFlags(rest, 0, command.Flags, flags, args);
            args.AddRange(rest[j..]);
        }
        catch (UsageException e) when (e.ShowUsage)
        {
            throw new UsageException(e.Message, showUsage: true) { Command = command };
        }
        return new ParsedCommand(globals, command, flags, args);
    }

    /// <summary>
    /// urfave/cli v1 reorderArgs: the command's known flags (and the word after one without "=", when it is not
    /// itself a known flag: "-", "--" and unknown "-x" too) move to the front; everything else keeps its order behind them; nothing moves past "--".
    /// So `delete ctr --force` works, while an unknown `-x` after the id stays a positional (`kill ctr -9`).
    /// </summary>
    public static string[] Reorder(FlagSpec[] specs, string[] args)
    {
        var flags = new List<string>();
        var rest = new List<string>();
        bool mayBeValue = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            // runc's vendored urfave/cli: after a flag without "=", anything that is not one of the
            // command's flags is its value, "-" included (containerd: `update --resources - ID`).
            if (mayBeValue && !IsKnownFlag(specs, a))
            {
                mayBeValue = false;
                flags.Add(a);
            }
            else if (a == "--")
            {
                rest.AddRange(args[i..]);
                break;
            }
            else if (IsKnownFlag(specs, a))
            {
                flags.Add(a);
                mayBeValue = !a.Contains('=');
            }
            else rest.Add(a);
        }
        return [.. flags, .. rest];
    }

    private static bool IsKnownFlag(FlagSpec[] specs, string arg)
    {
        if (arg == "-" || !arg.StartsWith('-')) return false;
        string name = arg.StartsWith("--") ? arg[2..] : arg[1..];
        int eq = name.IndexOf('=');
        if (eq >= 0) name = name[..eq];
        // urfave/cli adds --help/-h to every command.
        return name is "help" or "h" || specs.Any(s => s.Names.Contains(name));
    }

    /// <summary>
    /// Go's flag.FlagSet.Parse: flags until the first positional (returned index) or "--" (skipped; the rest
    /// goes to args). "--flag value", "--flag=value", one or two dashes, bool flags take only "=value".
    /// </summary>
    private static int ParseFlags(string[] argv, int start, FlagSpec[] specs, ParsedFlags into, List<string>? args)
    {
        int i = start;
        while (i < argv.Length)
        {
            string a = argv[i];
            if (a == "--")
            {
                args?.AddRange(argv[(i + 1)..]);
                return argv.Length;
            }
            if (a.Length < 2 || a[0] != '-') return i;
            string body = a.StartsWith("--") ? a[2..] : a[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=') throw new UsageException($"bad flag syntax: {a}", showUsage: true);
            string? inline = null;
            int eq = body.IndexOf('=');
            if (eq >= 0) { inline = body[(eq + 1)..]; body = body[..eq]; }
            var spec = specs.FirstOrDefault(s => s.Names.Contains(body));
            if (spec == null && body is "help" or "h")
            {
                // Every command answers --help / -h, as urfave/cli does.
                into.Add("help", "true");
                i++;
                continue;
            }
            if (spec == null) throw new UsageException($"flag provided but not defined: -{body}{SuggestFlag(body, specs)}", showUsage: true);
            if (spec.IsBool)
            {
                into.Add(spec.Name, inline ?? "true");
                i++;
            }
            else if (inline != null)
            {
                into.Add(spec.Name, inline);
                i++;
            }
            else
            {
                if (i + 1 >= argv.Length) throw new UsageException($"flag needs an argument: -{body}", showUsage: true);
                into.Add(spec.Name, argv[i + 1]);
                i += 2;
            }
        }
        return i;
    }

    /// <summary>"Did you mean" for a mistyped flag.</summary>
    private static string SuggestFlag(string name, FlagSpec[] specs)
    {
        var best = specs.Where(f => !f.Hidden).SelectMany(f => f.Names)
            .Select(n => (Name: n, Distance: Levenshtein(name, n))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name != null && best.Distance <= 2 ? $" (did you mean --{best.Name}?)" : "";
    }

    /// <summary>"Did you mean" for a mistyped command (edit distance ≤ 2).</summary>
    public static string Suggest(string name)
    {
        var best = CommandTable.Commands.Where(c => !c.Hidden)
            .Select(c => (c.Name, Distance: Levenshtein(name, c.Name)))
            .OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name != null && best.Distance <= 2 ? $" (did you mean \"{best.Name}\"?)" : "";
    }

    private static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
