namespace Ocirt.Runtime.HostCheck;

/// <summary>A kernel release ("6.18.44-fc-v769") reduced to its numeric major.minor.patch, for comparisons.</summary>
public readonly record struct KernelVersion(int Major, int Minor, int Patch) : IComparable<KernelVersion>
{
    /// <summary>The oldest kernel ocirt is written for (clone3 + CLONE_INTO_CGROUP, pidfds, cgroup2 freezer/kill era).</summary>
    public static readonly KernelVersion Minimum = new(5, 8, 0);

    /// <summary>CLONE_INTO_CGROUP appeared in 5.7.</summary>
    public static readonly KernelVersion CloneIntoCgroup = new(5, 7, 0);

    /// <summary>Parses the leading digits of each dot-separated part; anything after a '-' or '+' is ignored. Null when no major number.</summary>
    public static KernelVersion? Parse(string release)
    {
        string core = release.Trim();
        int cut = core.IndexOfAny(['-', '+', ' ', '_']);
        if (cut >= 0) core = core[..cut];
        string[] parts = core.Split('.');
        int[] n = new int[3];
        for (int i = 0; i < 3 && i < parts.Length; i++)
        {
            int digits = 0;
            while (digits < parts[i].Length && char.IsAsciiDigit(parts[i][digits])) digits++;
            if (digits == 0) { if (i == 0) return null; break; }
            if (!int.TryParse(parts[i].AsSpan(0, digits), out n[i])) return null;
            if (digits < parts[i].Length) break; // "5.10rc1": stop after the number
        }
        return new KernelVersion(n[0], n[1], n[2]);
    }

    public int CompareTo(KernelVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) :
        Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    public bool AtLeast(KernelVersion other) => CompareTo(other) >= 0;

    /// <summary>"5.8" when the patch is 0, else "5.8.3".</summary>
    public override string ToString() => Patch == 0 ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Patch}";
}
