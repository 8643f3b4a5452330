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
        foreach (string id in _store.Ids())
        {
            if (!_store.Exists(id)) continue; // a create in progress
            var s = _store.Load(id);
            result.Add(ToView(s, OwnerOf(_store.DirOf(id))));
        }
        return result;
    }

    /// <summary>The owner of the state directory: user name from /etc/passwd, else "#uid" (runc's rule).</summary>
    private static string OwnerOf(string dir)
    {
        uint uid = Interop.FileOwner.Uid(dir);
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
