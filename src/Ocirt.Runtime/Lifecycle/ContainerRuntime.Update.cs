using System.Text.Json;
using System.Text.Json.Nodes;
using Ocirt.Runtime.Cgroups;
using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Spec.Model;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// update: writes the changed limits into the live cgroup and persists the merged resources in the stored
    /// config.json. Device rules are never updated (runc sets SkipDevices).
    /// </summary>
    public void Update(string id, LinuxResources delta)
    {
        var s = LoadRunning(id);
        using var _ = _store.Lock(id);
        var spec = _store.LoadConfig(id);
        var merged = ResourceUpdate.Merge(spec.Linux?.Resources, delta);
        var live = ResourceUpdate.Live(merged, delta);
        string dir = s.CgroupDir!;
        string root = CgroupV2.FindRoot() ?? throw new OcirtException("no cgroup v2 hierarchy found");
        if (live.Memory?.CheckBeforeUpdate == true) MemoryMapping.CheckUsage(live.Memory, ReadUsage(dir));
        var writes = CgroupResources.Prepare(root, dir, live);
        // runc: the unit's properties first (systemd writes the files it owns), then the files themselves.
        if (s.SystemdUnit != null) Cgroups.Systemd.SystemdPlacement.Update(s.SystemdUnit, live);
        CgroupResources.Apply(dir, writes);
        SaveResources(id, merged);
    }

    private static ulong ReadUsage(string dir)
    {
        try { return ulong.Parse(File.ReadAllText(Path.Combine(dir, "memory.current")).Trim()); }
        catch (Exception e) when (e is IOException or FormatException)
        { throw new ResourceException("linux.resources.memory.checkBeforeUpdate", $"read {dir}/memory.current: {ErrorText.Of(e)}"); }
    }

    /// <summary>Replaces linux.resources in the stored config, keeping every other field as it was.</summary>
    private void SaveResources(string id, LinuxResources merged)
    {
        string path = Path.Combine(_store.DirOf(id), Ocirt.Runtime.State.StateStore.ConfigFile);
        var config = JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
        if (config["linux"] is not JsonObject linux) config["linux"] = linux = new JsonObject();
        linux["resources"] = JsonSerializer.SerializeToNode(merged, Ocirt.Spec.SpecJsonContext.Default.LinuxResources);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) config.WriteTo(writer);
        _store.SaveConfig(id, buffer.ToArray());
    }
}
