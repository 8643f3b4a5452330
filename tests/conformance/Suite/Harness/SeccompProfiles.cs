using System.Text.Json.Nodes;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// Seccomp profiles for tests. The real-world one is podman's default (Debian's
/// golang-github-containers-common, /usr/share/containers/seccomp.json, derived from Docker's), in the
/// engines' format: it is turned into an OCI linux.seccomp the way podman and dockerd do, for amd64
/// and a capability set.
/// </summary>
public static class SeccompProfiles
{
    /// <summary>Docker's default capabilities.</summary>
    public static readonly string[] DockerCaps =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>$OCIRT_CONTAINERS_SECCOMP, else build/containers-seccomp.json (`make` fetches it).</summary>
    public static string EnginePath =>
        Environment.GetEnvironmentVariable("OCIRT_CONTAINERS_SECCOMP") is { Length: > 0 } p ? p
            : Path.Combine(Env.RepoRoot, "build", "containers-seccomp.json");

    public static JsonObject ContainersDefault(IReadOnlyCollection<string> caps)
    {
        if (!File.Exists(EnginePath))
            throw new InvalidOperationException($"{EnginePath} is missing: `make build/containers-seccomp.json` fetches it");
        var engine = JsonNode.Parse(File.ReadAllText(EnginePath))!.AsObject();
        var arches = new JsonArray();
        foreach (var m in engine["archMap"]!.AsArray())
        {
            if (m!["architecture"]!.GetValue<string>() != "SCMP_ARCH_X86_64") continue;
            arches.Add("SCMP_ARCH_X86_64");
            foreach (var sub in m["subArchitectures"]!.AsArray()) arches.Add(sub!.GetValue<string>());
        }
        var syscalls = new JsonArray();
        foreach (var s in engine["syscalls"]!.AsArray())
        {
            if (!Applies(s!, caps)) continue;
            var rule = new JsonObject { ["names"] = s!["names"]!.DeepClone(), ["action"] = s["action"]!.GetValue<string>() };
            if (s["errnoRet"] is JsonValue e) rule["errnoRet"] = e.GetValue<uint>();
            if (s["args"] is JsonArray a && a.Count > 0) rule["args"] = a.DeepClone();
            syscalls.Add(rule);
        }
        var profile = new JsonObject
        {
            ["defaultAction"] = engine["defaultAction"]!.GetValue<string>(),
            ["architectures"] = arches,
            ["syscalls"] = syscalls,
        };
        if (engine["defaultErrnoRet"] is JsonValue d) profile["defaultErrnoRet"] = d.GetValue<uint>();
        return profile;
    }

    /// <summary>includes: every listed arch/cap condition holds; excludes: none does.</summary>
    private static bool Applies(JsonNode rule, IReadOnlyCollection<string> caps)
    {
        static List<string> List(JsonNode? n, string key) =>
            n?[key] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
        var inc = rule["includes"];
        var exc = rule["excludes"];
        var incArches = List(inc, "arches");
        if (incArches.Count > 0 && !incArches.Contains("amd64")) return false;
        if (List(inc, "caps").Any(c => !caps.Contains(c))) return false;
        if (List(exc, "arches").Contains("amd64")) return false;
        if (List(exc, "caps").Any(caps.Contains)) return false;
        return true;
    }
}
