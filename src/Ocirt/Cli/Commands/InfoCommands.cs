using Ocirt.Runtime.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Ocirt.Cli.Output;
using Ocirt.Cli.Parsing;

namespace Ocirt.Cli.Commands;

/// <summary>--version, features, help.</summary>
public static class InfoCommands
{
    public const string Version = "0.1.0";

    public static string Commit
    {
        get
        {
            string? info = typeof(InfoCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            int plus = info?.IndexOf('+') ?? -1;
            return plus >= 0 ? info![(plus + 1)..] : "unknown";
        }
    }

    /// <summary>dockerd parses the lines holding "version" and "commit:".</summary>
    public static int PrintVersion()
    {
        StdStreams.Out($"ocirt version {Version}\ncommit: {Commit}\nspec: {Spec.DefaultSpec.Version}\ndotnet: {RuntimeInformation.FrameworkDescription}\n");
        return 0;
    }

    private static readonly string[] Namespaces = ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"];
    private static readonly string[] Hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];
    private static readonly string[] MountOptions =
    [
        "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "lazytime", "loud", "mand", "noatime",
        "nodev", "nodiratime", "noexec", "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow",
        "private", "rbind", "relatime", "remount", "ro", "rprivate", "rshared", "rslave", "runbindable", "rw", "shared",
        "silent", "slave", "strictatime", "suid", "symfollow", "sync", "unbindable",
    ];

    /// <summary>The runtime-spec features document (4-space indent, as runc); only what ocirt really does.</summary>
    public static int Features()
    {
        static string List(IEnumerable<string> items, int indent) =>
            "[\n" + string.Join(",\n", items.Select(i => new string(' ', indent + 4) + GoJson.String(i))) + "\n" + new string(' ', indent) + "]";
        var caps = Enumerable.Range(0, 41).Select(Spec.Names.CapabilityTable.Name);
        var b = new StringBuilder();
        b.Append("{\n");
        b.Append("    \"ociVersionMin\": \"1.0.0\",\n");
        b.Append($"    \"ociVersionMax\": \"{Spec.DefaultSpec.Version}\",\n");
        b.Append($"    \"hooks\": {List(Hooks, 4)},\n");
        b.Append($"    \"mountOptions\": {List(MountOptions, 4)},\n");
        b.Append("    \"linux\": {\n");
        b.Append($"        \"namespaces\": {List(Namespaces, 8)},\n");
        b.Append($"        \"capabilities\": {List(caps, 8)},\n");
        b.Append("        \"cgroup\": {\n            \"v1\": false,\n            \"v2\": true,\n            \"systemd\": false,\n            \"systemdUser\": false\n        },\n");
        b.Append("        \"seccomp\": {\n            \"enabled\": false\n        },\n");
        b.Append("        \"apparmor\": {\n            \"enabled\": false\n        },\n");
        b.Append("        \"selinux\": {\n            \"enabled\": false\n        }\n");
        b.Append("    },\n");
        b.Append($"    \"annotations\": {{\n        \"org.opencontainers.ocirt.version\": \"{Version}\",\n        \"org.opencontainers.ocirt.commit\": {GoJson.String(Commit)}\n    }}\n");
        b.Append("}\n");
        StdStreams.Out(b.ToString());
        return 0;
    }

    public static int Help(string? command)
    {
        if (command == null)
        {
            var b = new StringBuilder();
            b.Append("NAME:\n   ocirt - Open Container Initiative runtime\n\n");
            b.Append("ocirt is a command line client for running applications packaged according to\nthe Open Container Initiative (OCI) format, and a drop-in replacement for runc.\n\n");
            b.Append("USAGE:\n   ocirt [global options] command [command options] [arguments...]\n\n");
            b.Append($"VERSION:\n   {Version}\ncommit: {Commit}\nspec: {Spec.DefaultSpec.Version}\n\n");
            b.Append("COMMANDS:\n");
            foreach (var c in CommandTable.Commands.Where(c => !c.Hidden))
                b.Append($"   {c.Name,-11}{c.Usage}\n");
            b.Append("\nGLOBAL OPTIONS:\n");
            AppendFlags(b, CommandTable.GlobalFlags);
            StdStreams.Out(b.ToString());
            return 0;
        }
        var spec = CommandTable.Find(command);
        if (spec == null) throw new UsageException($"No help topic for '{command}'" + ArgParser.Suggest(command));
        StdStreams.Out(CommandHelp(spec));
        return 0;
    }

    public static string CommandHelp(CommandSpec c)
    {
        var b = new StringBuilder();
        b.Append($"NAME:\n   ocirt {c.Name} - {c.Usage}\n\nUSAGE:\n   ocirt {c.Name}{(c.Flags.Length > 0 ? " [command options]" : "")} {c.ArgsUsage}\n");
        if (c.Flags.Any(f => !f.Hidden))
        {
            b.Append("\nOPTIONS:\n");
            AppendFlags(b, c.Flags);
        }
        return b.ToString();
    }

    private static void AppendFlags(StringBuilder b, IEnumerable<FlagSpec> flags)
    {
        foreach (var f in flags.Where(f => !f.Hidden))
        {
            string names = string.Join(", ", f.Names.Select(n => (n.Length == 1 ? "-" : "--") + n)) + (f.IsBool ? "" : " value");
            b.Append($"   {names,-30} {f.Usage}\n");
        }
    }
}
