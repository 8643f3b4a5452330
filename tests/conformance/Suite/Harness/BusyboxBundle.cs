using System.Text.Json.Nodes;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// An OCI bundle in a fresh temp dir: a busybox rootfs (every applet symlinked into /bin, /sbin, /usr/bin),
/// /etc/passwd and /etc/group, and a config.json produced by `$OCIRT_BIN spec`, then made non-interactive.
/// Edit the config fluently: <c>bundle.Args("sleep","1000").Hostname("x")</c>.
/// </summary>
public sealed class BusyboxBundle : IDisposable
{
    public string Dir { get; }
    public string ConfigPath => Path.Combine(Dir, "config.json");
    public string Rootfs => Path.Combine(Dir, "rootfs");

    private static readonly Lazy<string[]> Applets = new(() =>
    {
        var r = Exec.Run(Env.Busybox, ["--list"]);
        if (r.ExitCode != 0) throw new InvalidOperationException("busybox --list: " + r);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    });

    /// <param name="specBinary">the binary whose `spec` writes config.json (default: the binary under test)</param>
    public BusyboxBundle(string? specBinary = null, bool writeConfig = true)
    {
        Dir = Path.Combine(Path.GetTempPath(), Env.BundlePrefix + Env.NewSuffix());
        MakeRootfs(Rootfs);
        if (!writeConfig) return;
        var r = Exec.Run(specBinary ?? Env.Binary, ["spec"], cwd: Dir);
        if (r.ExitCode != 0 || !File.Exists(ConfigPath))
            throw new InvalidOperationException($"`{specBinary ?? Env.Binary} spec` failed in {Dir}: {r}");
        Edit(c => c["process"]!["terminal"] = false);
    }

    public static void MakeRootfs(string rootfs)
    {
        foreach (string d in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc", "proc", "dev", "sys", "tmp", "root", "home/user1" })
            Directory.CreateDirectory(Path.Combine(rootfs, d));
        File.Copy(Env.Busybox, Path.Combine(rootfs, "bin", "busybox"));
        File.SetUnixFileMode(Path.Combine(rootfs, "tmp"), (UnixFileMode)0x3ff /* 01777 */ | UnixFileMode.StickyBit);
        foreach (string applet in Applets.Value)
        {
            if (applet == "busybox") continue;
            foreach (var (dir, target) in new[] { ("bin", "busybox"), ("sbin", "../bin/busybox"), ("usr/bin", "../../bin/busybox") })
            {
                string link = Path.Combine(rootfs, dir, applet);
                if (!File.Exists(link) && !Directory.Exists(link)) File.CreateSymbolicLink(link, target);
            }
        }
        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"),
            "root:x:0:0:root:/root:/bin/sh\n" +
            "user1:x:1000:1000:user1:/home/user1:/bin/sh\n" +
            "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"),
            "root:x:0:\nuser1:x:1000:\nnogroup:x:65534:\n");
    }

    public JsonNode Config
    {
        get => JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        set => File.WriteAllText(ConfigPath, value.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public JsonObject Process => Config["process"]!.AsObject();

    /// <summary>Edits config.json in place.</summary>
    public BusyboxBundle Edit(Action<JsonNode> edit)
    {
        var c = Config;
        edit(c);
        Config = c;
        return this;
    }

    public static JsonArray Array(params string[] items) => new(items.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());

    public BusyboxBundle Args(params string[] args) => Edit(c => c["process"]!["args"] = Array(args));

    /// <summary>process.args = sh -c SCRIPT</summary>
    public BusyboxBundle Shell(string script) => Args("sh", "-c", script);

    public BusyboxBundle Hostname(string name) => Edit(c => c["hostname"] = name);

    public BusyboxBundle Cwd(string cwd) => Edit(c => c["process"]!["cwd"] = cwd);

    public BusyboxBundle AddEnv(params string[] env) => Edit(c =>
    {
        var arr = c["process"]!["env"]?.AsArray() ?? [];
        foreach (string e in env) arr.Add(e);
        c["process"]!["env"] = arr.DeepClone();
    });

    public BusyboxBundle User(uint uid, uint gid, params uint[] additionalGids) => Edit(c =>
    {
        var u = new JsonObject { ["uid"] = uid, ["gid"] = gid };
        if (additionalGids.Length > 0) u["additionalGids"] = new JsonArray(additionalGids.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray());
        c["process"]!["user"] = u;
    });

    public BusyboxBundle ReadonlyRootfs(bool ro) => Edit(c => c["root"]!["readonly"] = ro);

    public BusyboxBundle CgroupsPath(string path) => Edit(c => c["linux"]!["cgroupsPath"] = path);

    public IEnumerable<string> Namespaces => Config["linux"]!["namespaces"]!.AsArray().Select(n => n!["type"]!.GetValue<string>());

    /// <summary>Adds a namespace entry {"type": type} unless present.</summary>
    public BusyboxBundle AddNamespace(string type) => Edit(c =>
    {
        var ns = c["linux"]!["namespaces"]!.AsArray();
        if (!ns.Any(n => n!["type"]!.GetValue<string>() == type)) ns.Add(new JsonObject { ["type"] = type });
    });

    /// <summary>A user namespace mapping container 0..size-1 to host hostId..</summary>
    public BusyboxBundle UserNamespace(uint hostId, uint size) => AddNamespace("user").Edit(c =>
    {
        JsonArray Map() => [new JsonObject { ["containerID"] = 0, ["hostID"] = hostId, ["size"] = size }];
        c["linux"]!["uidMappings"] = Map();
        c["linux"]!["gidMappings"] = Map();
    });

    public BusyboxBundle AddMount(string destination, string type, string source, params string[] options) => Edit(c =>
    {
        var m = new JsonObject { ["destination"] = destination, ["type"] = type, ["source"] = source, ["options"] = Array(options) };
        c["mounts"]!.AsArray().Add(m);
    });

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
