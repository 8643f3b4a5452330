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
        "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "idmap", "lazytime", "loud", "mand",
        "noatime", "nodev", "nodiratime", "noexec", "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid",
        "nosymfollow", "private", "ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "ridmap",
        "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid", "rnosymfollow",
        "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow",
        "runbindable", "rw", "shared", "silent", "slave", "strictatime", "suid", "symfollow", "sync", "unbindable",
    ];

    /// <summary>What `features` reports: only what ocirt really does (cgroup v2, seccomp when libseccomp loads, no LSMs yet).</summary>
    public static FeaturesDocument FeaturesOf()
    {
        string? libseccomp = Runtime.Seccomp.SeccompSupport.LibraryVersion();
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.ocirt.commit"] = Commit,
            ["org.opencontainers.ocirt.version"] = Version,
        };
        if (libseccomp != null) annotations["io.github.seccomp.libseccomp.version"] = libseccomp;
        return new(
        OciVersionMin: "1.0.0",
        OciVersionMax: Spec.DefaultSpec.Version,
        Hooks: Hooks,
        MountOptions: MountOptions,
        Linux: new LinuxFeatures(
            Namespaces, Enumerable.Range(0, 41).Select(Spec.Names.CapabilityTable.Name).ToList(),
            new CgroupFeatures(V1: false, V2: true, Systemd: true, SystemdUser: false), // --systemd-cgroup; no user bus (rootless) yet
            Seccomp: SeccompFeatureOf(libseccomp != null), Apparmor: new EnabledFeature(Runtime.Security.LsmLabels.AppArmorEnabled()),
            Selinux: new EnabledFeature(Runtime.Security.LsmLabels.SelinuxEnabled()),
            MountExtensions: new MountExtensionsFeature(new EnabledFeature(true))),
        // Go marshals map keys sorted.
        Annotations: annotations);
    }

    private static SeccompFeature SeccompFeatureOf(bool available) => available
        ? new(true, Runtime.Seccomp.SeccompSupport.Actions, Runtime.Seccomp.SeccompSupport.Operators, Runtime.Seccomp.SeccompSupport.Architectures,
            Runtime.Seccomp.SeccompSupport.KnownFlags, Runtime.Seccomp.SeccompSupport.SupportedFlags())
        : new(false, null, null, null, null, null);

    public static string FeaturesJson() => FeaturesJsonContext.Serialize(FeaturesOf());

    public static int Features()
    {
        StdStreams.Out(FeaturesJson());
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
