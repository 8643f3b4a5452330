using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// Id-mapped mounts (mount_setattr MOUNT_ATTR_IDMAP) take their mapping from a user namespace. For
/// each mapped mount the parent makes one: a forked child unshares a user namespace and waits, the
/// parent writes its uid/gid maps and keeps an fd of the namespace (inherited by the init, which
/// attaches it), then lets the child go.
/// </summary>
internal static unsafe class IdMapNamespaces
{
    /// <summary>Whether a mount is id-mapped: mappings given, or the idmap/ridmap option.</summary>
    public static bool IsIdMapped(Mount m) =>
        m.UidMappings is { Count: > 0 } || m.GidMappings is { Count: > 0 } || m.Options?.Any(o => o is "idmap" or "ridmap") == true;

    /// <summary>mount index → user namespace fd (not close-on-exec: the init inherits it). The caller closes them.</summary>
    public static Dictionary<int, int> Create(Spec.Model.Spec spec)
    {
        var fds = new Dictionary<int, int>();
        var mounts = spec.Mounts ?? [];
        try
        {
            for (int i = 0; i < mounts.Count; i++)
            {
                var m = mounts[i];
                if (!IsIdMapped(m)) continue;
                bool bind = m.Type == "bind" || m.Options?.Any(o => o is "bind" or "rbind") == true;
                if (!bind) throw new OcirtException($"mounts[{i}]: id-mapped mounts are only supported for bind mounts");
                // Without mappings of its own, the mount takes the container's (runc).
                var uid = m.UidMappings is { Count: > 0 } u ? u : spec.Linux?.UidMappings;
                var gid = m.GidMappings is { Count: > 0 } g ? g : spec.Linux?.GidMappings;
                if (uid is not { Count: > 0 } || gid is not { Count: > 0 })
                    throw new OcirtException($"mounts[{i}]: an id-mapped mount needs uidMappings and gidMappings (on the mount or in linux)");
                fds[i] = Make(Map(uid), Map(gid), i);
            }
            return fds;
        }
        catch
        {
            foreach (int fd in fds.Values) Libc.Close(fd);
            throw;
        }
    }

    private static string Map(List<LinuxIdMapping> maps) => string.Concat(maps.Select(m => $"{m.ContainerId} {m.HostId} {m.Size}\n"));

    private static int Make(string uidMap, string gidMap, int index)
    {
        int* sv = stackalloc int[2];
        Errno.Check(Libc.Socketpair(1 /* AF_UNIX */, 1 /* SOCK_STREAM */ | OpenFlags.O_CLOEXEC, 0, sv), "socketpair");
        int pid = ForkSafeLibc.Fork();
        if (pid == 0) ForkSafeChild.HoldUserNamespace(sv[1], sv[0]); // never returns
        Libc.Close(sv[1]);
        try
        {
            if (pid < 0) throw new SyscallException("fork (id-mapped mount namespace)", *ForkSafeLibc.ErrnoLocation());
            int ready = 0;
            if (Libc.Read(sv[0], (byte*)&ready, sizeof(int)) != sizeof(int) || ready != SpawnMessage.MapsNeeded)
                throw new OcirtException($"mounts[{index}]: could not create a user namespace for the id mapping");
            try
            {
                File.WriteAllText($"/proc/{pid}/uid_map", uidMap);
                File.WriteAllText($"/proc/{pid}/gid_map", gidMap);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OcirtException($"mounts[{index}]: write the id mapping (uidMappings/gidMappings): {ErrorText.Of(e)}");
            }
            int fd = Libc.Open($"/proc/{pid}/ns/user", OpenFlags.O_RDONLY, 0);
            if (fd < 0) throw new SyscallException($"mounts[{index}]: open the id mapping's user namespace", Errno.Last);
            return fd;
        }
        finally
        {
            Libc.Close(sv[0]); // EOF: the holder exits
            if (pid > 0) Spawner.Reap(pid);
        }
    }
}
