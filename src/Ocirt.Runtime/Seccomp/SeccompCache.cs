using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Ocirt.Runtime.State;
using Ocirt.Spec;
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
        string path = PathOf(stateRoot, profile);
        byte[]? cached = TryRead(path);
        if (cached != null) return cached;
        byte[] program = SeccompCompiler.Compile(profile);
        TryStore(stateRoot, path, program);
        return program;
    }

    /// <summary>The key covers the whole profile and the ocirt build (which decides how it compiles).</summary>
    public static string PathOf(string stateRoot, LinuxSeccomp profile)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(profile, SpecJsonContext.Default.LinuxSeccomp);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(json);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Build));
        return Path.Combine(stateRoot, "seccomp-" + Convert.ToHexStringLower(hash.GetHashAndReset()) + ".bpf");
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            return bytes.Length > 0 && bytes.Length % 8 == 0 && bytes.Length / 8 <= SeccompCompiler.MaxInstructions ? bytes : null;
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
