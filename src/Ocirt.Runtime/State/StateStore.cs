using System.Text.Json;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Runtime.State;

/// <summary>&lt;root&gt;/&lt;id&gt;/: state.json (atomic), exec.fifo, and a per-container lock.</summary>
public sealed class StateStore(string root)
{
    public const string StateFile = "state.json";
    public const string FifoFile = "exec.fifo";

    public string Root { get; } = root;

    public string DirOf(string id) => Path.Combine(Root, id);
    public string FifoOf(string id) => Path.Combine(DirOf(id), FifoFile);
    public bool Exists(string id) => File.Exists(Path.Combine(DirOf(id), StateFile));

    /// <summary>Claims the id: creates its directory exclusively.</summary>
    public void Claim(string id)
    {
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Libc.Mkdir(DirOf(id), 0b111_001_001 /* 0711 */) != 0)
        {
            if (Errno.Last == Errno.EEXIST) throw new OcirtException("container with given ID already exists");
            throw new SyscallException($"mkdir {DirOf(id)}", Errno.Last);
        }
    }

    public StoredState Load(string id)
    {
        string path = Path.Combine(DirOf(id), StateFile);
        byte[]? bytes = SmallFile.TryReadBytes(path, out int errno);
        if (bytes == null && errno is Errno.ENOENT or Errno.ENOTDIR) throw new OcirtException("container does not exist");
        if (bytes == null) throw new SyscallException($"read {path}", errno);
        if (StateJson.TryRead(bytes) is { } state) return state;
        try { return JsonSerializer.Deserialize(bytes, RuntimeJsonContext.Default.StoredState)!; }
        catch (JsonException e) { throw new OcirtException($"read state of {id}: {ErrorText.Of(e)}"); }
    }

    public void Save(StoredState state)
    {
        AtomicFile.Write(Path.Combine(DirOf(state.Id), StateFile), StateJson.Write(state));
    }

    public const string ConfigFile = "config.json";

    /// <summary>The config the container was created with, stored as its original bytes beside state.json.</summary>
    public void SaveConfig(string id, byte[] config) => AtomicFile.Write(Path.Combine(DirOf(id), ConfigFile), config);

    /// <summary>Parses the stored config (a JSON warm-up of milliseconds, so only when needed: hooks, exec).</summary>
    public Ocirt.Spec.Model.Spec LoadConfig(string id)
    {
        try { return Ocirt.Spec.SpecLoader.Parse(File.ReadAllBytes(Path.Combine(DirOf(id), ConfigFile))); }
        catch (Exception e) when (e is IOException or Ocirt.Spec.SpecException)
        { throw new OcirtException($"read the stored config of {id}: {ErrorText.Of(e)}"); }
    }

    public void Remove(string id)
    {
        string dir = DirOf(id);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    public IEnumerable<string> Ids()
    {
        if (!Directory.Exists(Root)) return [];
        return Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
    }

    /// <summary>An exclusive flock on the container's directory: serialises commands on one id.</summary>
    public ContainerLock Lock(string id) => TryLock(id) ?? throw new OcirtException("container does not exist");

    /// <summary>As <see cref="Lock"/>; null when the container's directory does not exist.</summary>
    public ContainerLock? TryLock(string id)
    {
        int fd = Libc.Open(DirOf(id), OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0) return null;
        while (Libc.Flock(fd, 2 /* LOCK_EX */) != 0)
        {
            if (Errno.Last != Errno.EINTR) { Libc.Close(fd); throw new SyscallException($"lock {DirOf(id)}", Errno.Last); }
        }
        return new ContainerLock(fd);
    }
}

public sealed class ContainerLock(int fd) : IDisposable
{
    public void Dispose() => Libc.Close(fd);
}

/// <summary>Write-to-temp-then-rename: readers never see a partial file.</summary>
public static class AtomicFile
{
    /// <remarks>
    /// No fsync (as runc): the rename alone makes the file appear whole to every reader, and the
    /// state of live containers means nothing after a crash of the machine. On a disk-backed /run
    /// the two fsyncs of a create cost 1-3 ms.
    /// </remarks>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        int err = SmallFile.Write(tmp, content);
        if (err != 0) throw new SyscallException($"write {tmp}", err);
        if (Libc.Rename(tmp, path) != 0)
        {
            err = Errno.Last;
            Libc.Unlink(tmp);
            throw new SyscallException($"rename {tmp} to {path}", err);
        }
    }
}
