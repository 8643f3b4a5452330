using System.Reflection;
using Ocirt.Runtime.State;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Seccomp;

/// <summary>
/// Compiled filters kept beside the containers' state, named by the hash of the profile, so
/// Docker's default profile (sent in every config.json) is compiled once, not on every start.
/// Files, not directories: `list` only looks at directories.
/// </summary>
public static class SeccompCache
{
    private const int MaxEntries = 32;

    /// <summary>Version and commit of this build: a new ocirt recompiles.</summary>
    private static readonly string Build = typeof(SeccompCache).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";

    public static byte[] GetOrCompile(LinuxSeccomp profile, string stateRoot)
    {
        byte[] key = KeyOf(profile);
        string path = PathOf(stateRoot, key);
        byte[]? cached = TryRead(path, key);
        if (cached != null) return cached;
        byte[] program = SeccompCompiler.Compile(profile);
        TryStore(stateRoot, path, [.. Header(key), .. key, .. program]);
        return program;
    }

    /// <summary>
    /// The whole profile as JSON plus the ocirt build (which decides how it compiles). The file holds
    /// the key itself, compared on read, so the name's hash only has to spread, not to be
    /// collision-proof (a cryptographic hash would load OpenSSL: milliseconds on every start).
    /// </summary>
    public static byte[] KeyOf(LinuxSeccomp profile) =>
        [.. SeccompProfileKey.Of(profile), .. System.Text.Encoding.UTF8.GetBytes(Build)];

    public static string PathOf(string stateRoot, byte[] key) =>
        Path.Combine(stateRoot, $"seccomp-{Fnv1a(key, 0xcbf29ce484222325):x16}{Fnv1a(key, 0x84222325cbf29ce4):x16}.bpf");

    private static ulong Fnv1a(ReadOnlySpan<byte> data, ulong hash)
    {
        foreach (byte b in data) hash = (hash ^ b) * 0x100000001b3;
        return hash;
    }

    private static byte[] Header(byte[] key) => BitConverter.GetBytes(key.Length);

    /// <summary>[key length][key][program]; anything else (another key, a torn file) is a miss.</summary>
    private static byte[]? TryRead(string path, byte[] key)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 4 + key.Length || BitConverter.ToInt32(bytes, 0) != key.Length) return null;
            if (!bytes.AsSpan(4, key.Length).SequenceEqual(key)) return null;
            int length = bytes.Length - 4 - key.Length;
            return length > 0 && length % 8 == 0 && length / 8 <= SeccompCompiler.MaxInstructions ? bytes[(4 + key.Length)..] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Best effort: a cache that cannot be written only costs the next start a compile.</summary>
    private static void TryStore(string stateRoot, string path, byte[] program)
    {
        try
        {
            Directory.CreateDirectory(stateRoot);
            var old = Directory.GetFiles(stateRoot, "seccomp-*.bpf");
            if (old.Length >= MaxEntries)
                foreach (var f in old.OrderBy(File.GetLastWriteTimeUtc).Take(old.Length - MaxEntries + 1)) File.Delete(f);
            AtomicFile.Write(path, program);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
