namespace Ocirt.Conformance.Harness;

/// <summary>
/// One /proc/self/mountinfo line, split into what tests compare:
/// "id parent dev root mountpoint MOUNT-OPTIONS [optional fields...] - fstype source SUPER-OPTIONS".
/// </summary>
public sealed record MountInfo(string Root, string MountPoint, string[] Options, string[] Optional, string FsType, string[] SuperOptions)
{
    public static MountInfo Parse(string line)
    {
        string[] f = line.Trim().Split(' ');
        int dash = Array.IndexOf(f, "-");
        if (dash < 6) throw new FormatException("not a mountinfo line: " + line);
        return new MountInfo(f[3], f[4], f[5].Split(','), f[6..dash], f[dash + 1], f[dash + 3].Split(','));
    }

    /// <summary>The last line for this mount point in a mountinfo dump (the mount on top).</summary>
    public static MountInfo Of(string mountinfo, string mountPoint) =>
        Parse(mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Last(l => l.Split(' ') is { Length: > 6 } f && f[4] == mountPoint));

    public override string ToString() =>
        $"{MountPoint} opts={string.Join(',', Options)} optional=[{string.Join(' ', Optional)}] {FsType} super={string.Join(',', SuperOptions)}";
}
