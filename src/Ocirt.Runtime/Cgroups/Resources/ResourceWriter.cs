namespace Ocirt.Runtime.Cgroups.Resources;

/// <summary>Writes the mapped values into the container's cgroup directory; each failure names the field and file.</summary>
public static class ResourceWriter
{
    public static void Write(string dir, IReadOnlyList<CgroupWrite> writes)
    {
        CgroupWrite? deferred = null;
        foreach (var w in writes)
        {
            string? error = TryWrite(dir, w);
            // runc: a burst above old_quota is EINVAL until the new quota is written; retry it after that.
            if (error != null && w.RetryAfterNext && deferred == null && IsInvalid(error)) { deferred = w; continue; }
            if (error != null) Fail(dir, w, error);
            if (deferred != null)
            {
                if (TryWrite(dir, deferred) is { } again) Fail(dir, deferred, again);
                deferred = null;
            }
        }
        if (deferred != null && TryWrite(dir, deferred) is { } last) Fail(dir, deferred, last);
    }

    /// <summary>null on success, else the reason.</summary>
    private static string? TryWrite(string dir, CgroupWrite w)
    {
        string path = Path.Combine(dir, w.File);
        if (w.OptionalIfMissing && !File.Exists(path)) return null;
        try
        {
            // FileMode.Open: no O_CREAT/O_TRUNC; cgroupfs files exist or their controller is absent.
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            f.Write(System.Text.Encoding.ASCII.GetBytes(w.Value));
            f.Flush();
            return null;
        }
        catch (FileNotFoundException) { return "no such file (is its controller enabled?)"; }
        // The errno words only: the path is already in our message.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Diagnostics.ErrorText.Of(e); }
    }

    private static bool IsInvalid(string error) => error.Contains("invalid argument", StringComparison.OrdinalIgnoreCase);

    private static void Fail(string dir, CgroupWrite w, string error) =>
        throw new ResourceException(w.Field, $"write \"{w.Value}\" to {Path.Combine(dir, w.File)}: {error}");
}
