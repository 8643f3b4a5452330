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
            if (plus < 0) return "unknown";
            // The SDK appends the full git sha (SourceRevisionId); print it short, as `git describe` would.
            string sha = info![(plus + 1)..];
            return sha.Length == 40 && sha.All(char.IsAsciiHexDigit) ? sha[..12] : sha;
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

    public static string AppHelp() => HelpText.App(Version, Commit, Spec.DefaultSpec.Version, Dispatcher.DefaultRoot());

    /// <summary>`ocirt help [CMD]`, `ocirt --help`, `ocirt CMD --help`.</summary>
    public static int Help(string? command)
    {
        if (command == null)
        {
            StdStreams.Out(AppHelp());
            return 0;
        }
        var spec = CommandTable.Find(command);
        if (spec == null) throw new UsageException($"No help topic for '{command}'" + ArgParser.Suggest(command));
        StdStreams.Out(HelpText.Command(spec));
        return 0;
    }
}
