namespace Ocirt.Runtime.Lifecycle;

public sealed partial class ContainerRuntime
{
    public ContainerState State(string id)
    {
        CheckId(id);
        return ToView(_store.Load(id), owner: "");
    }

    public IReadOnlyList<ContainerState> List()
    {
        var result = new List<ContainerState>();
        var owners = new Dictionary<uint, string>(); // /etc/passwd read once per owner, not per container
        foreach (string id in _store.Ids())
        {
            if (!_store.Exists(id)) continue; // a create in progress
            var s = _store.Load(id);
            uint uid = Interop.FileOwner.Uid(_store.DirOf(id));
            if (!owners.TryGetValue(uid, out string? owner)) owners[uid] = owner = OwnerOf(uid);
            result.Add(ToView(s, owner));
        }
        return result;
    }

    /// <summary>The owner of a state directory: user name from /etc/passwd, else "#uid" (runc's rule).</summary>
    private static string OwnerOf(uint uid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length > 2 && f[2] == uid.ToString()) return f[0];
            }
        }
        catch (IOException) { }
        return "#" + uid;
    }
}
