using Ocirt.Runtime.Cgroups.Resources;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Cgroups;

/// <summary>Controller enabling against a fake hierarchy of plain files (cgroupfs semantics are not needed to see what is written where).</summary>
public sealed class CgroupControllersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ocirt-unit-cg-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Fake(string controllers, params string[] dirs)
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), controllers + "\n");
        string current = _root;
        foreach (string d in dirs)
        {
            File.WriteAllText(Path.Combine(current, "cgroup.subtree_control"), "");
            current = Path.Combine(current, d);
            Directory.CreateDirectory(current);
        }
        return current;
    }

    [Fact]
    public void Needed_controllers_are_enabled_in_every_ancestor_but_not_the_leaf()
    {
        string leaf = Fake("cpu memory pids hugetlb", "a", "b", "leaf");
        var writes = ResourceMapping.Map(new LinuxResources { Memory = new LinuxMemory { Limit = 100 }, Pids = new LinuxPids { Limit = 3 } });
        var kept = CgroupControllers.Enable(_root, leaf, writes);
        Assert.Equal(writes, kept);
        foreach (string dir in new[] { _root, Path.Combine(_root, "a"), Path.Combine(_root, "a", "b") })
            Assert.Equal("+memory", File.ReadAllText(Path.Combine(dir, "cgroup.subtree_control"))); // (a plain file keeps the last write)
        Assert.False(File.Exists(Path.Combine(leaf, "cgroup.subtree_control")));
    }

    [Fact]
    public void A_missing_controller_is_an_error_naming_the_field_and_controller()
    {
        string leaf = Fake("hugetlb", "leaf");
        var writes = ResourceMapping.Map(new LinuxResources { Memory = new LinuxMemory { Limit = 100 } });
        var e = Assert.Throws<ResourceException>(() => CgroupControllers.Enable(_root, leaf, writes));
        Assert.StartsWith("linux.resources.memory: the memory controller is not available in cgroup v2", e.Message);
        Assert.Contains("offers: hugetlb", e.Message);
        Assert.Equal("", File.ReadAllText(Path.Combine(_root, "cgroup.subtree_control")));
    }

    [Fact]
    public void A_unified_key_on_a_missing_controller_is_named_with_its_key()
    {
        string leaf = Fake("hugetlb", "leaf");
        var writes = ResourceMapping.Map(new LinuxResources { Unified = new() { ["memory.high"] = "100" } });
        var e = Assert.Throws<ResourceException>(() => CgroupControllers.Enable(_root, leaf, writes));
        Assert.StartsWith("linux.resources.unified[\"memory.high\"]: the memory controller is not available", e.Message);
    }

    [Fact]
    public void Resets_to_max_on_a_missing_controller_are_dropped_not_errors()
    {
        string leaf = Fake("hugetlb", "leaf");
        var writes = ResourceMapping.Map(new LinuxResources { Pids = new LinuxPids { Limit = -1 }, Memory = new LinuxMemory { Limit = -1 } });
        Assert.Empty(CgroupControllers.Enable(_root, leaf, writes));
    }

    [Fact]
    public void Core_unified_keys_need_no_controller()
    {
        string leaf = Fake("", "leaf");
        var writes = ResourceMapping.Map(new LinuxResources { Unified = new() { ["cgroup.max.descendants"] = "3" } });
        Assert.Single(CgroupControllers.Enable(_root, leaf, writes));
    }

    [Fact]
    public void Ancestors_from_the_root_down()
    {
        Assert.Equal(["/r", "/r/a", "/r/a/b"], CgroupControllers.Ancestors("/r", "/r/a/b/c"));
        Assert.Equal(["/r"], CgroupControllers.Ancestors("/r", "/r/c"));
        Assert.Empty(CgroupControllers.Ancestors("/r", "/r"));
    }
}
