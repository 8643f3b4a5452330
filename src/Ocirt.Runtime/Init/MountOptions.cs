using static Ocirt.Runtime.Interop.MountFlags;
using static Ocirt.Runtime.Interop.MountApi;

namespace Ocirt.Runtime.Init;

/// <summary>A mount's options split the way mount(2) wants them (runc's parseMountOptions).</summary>
internal sealed record ParsedMountOptions(ulong Flags, ulong ClearedFlags, ulong Propagation, bool Bind, bool Recursive, string Data)
{
    /// <summary>mount_setattr attributes for the whole tree (rro, rnosuid...): set and clear masks.</summary>
    public ulong RecursiveSet { get; init; }
    public ulong RecursiveClear { get; init; }
    /// <summary>"idmap" (this mount) or "ridmap" (the whole tree): the mount's uid/gid mappings apply.</summary>
    public bool IdMap { get; init; }
    public bool IdMapRecursive { get; init; }
    /// <summary>"tmpcopyup": a tmpfs starts with a copy of what it covers.</summary>
    public bool CopyUp { get; init; }
    /// <summary>Each propagation option in config order: the kernel takes one type per mount(2) call (as runc applies them).</summary>
    public IReadOnlyList<ulong> PropagationSteps { get; init; } = [];
}

internal static class MountOptions
{
    // name → (set?, flag)
    private static readonly Dictionary<string, (bool Clear, ulong Flag)> FlagOptions = new()
    {
        ["async"] = (true, MS_SYNCHRONOUS), ["atime"] = (true, MS_NOATIME), ["defaults"] = (false, 0),
        ["dev"] = (true, MS_NODEV), ["diratime"] = (true, MS_NODIRATIME), ["dirsync"] = (false, MS_DIRSYNC),
        ["exec"] = (true, MS_NOEXEC), ["mand"] = (false, MS_MANDLOCK), ["noatime"] = (false, MS_NOATIME),
        ["nodev"] = (false, MS_NODEV), ["nodiratime"] = (false, MS_NODIRATIME), ["noexec"] = (false, MS_NOEXEC),
        ["nomand"] = (true, MS_MANDLOCK), ["norelatime"] = (true, MS_RELATIME), ["nostrictatime"] = (true, MS_STRICTATIME),
        ["nosuid"] = (false, MS_NOSUID), ["relatime"] = (false, MS_RELATIME), ["ro"] = (false, MS_RDONLY),
        ["rw"] = (true, MS_RDONLY), ["strictatime"] = (false, MS_STRICTATIME), ["suid"] = (true, MS_NOSUID),
        ["sync"] = (false, MS_SYNCHRONOUS), ["lazytime"] = (false, MS_LAZYTIME), ["nolazytime"] = (true, MS_LAZYTIME),
        ["silent"] = (false, MS_SILENT), ["loud"] = (true, MS_SILENT), ["nosymfollow"] = (false, MS_NOSYMFOLLOW),
        ["symfollow"] = (true, MS_NOSYMFOLLOW),
        // Changes the flags of what is already mounted at the destination (runc's mountFlags has it too).
        ["remount"] = (false, MS_REMOUNT),
    };

    private static readonly Dictionary<string, ulong> PropagationOptions = new()
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["shared"] = MS_SHARED, ["rshared"] = MS_SHARED | MS_REC,
        ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC, ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    // runc's recAttrFlags: name → (clear?, attribute); atime changes also clear the whole atime field.
    private static readonly Dictionary<string, (bool Clear, ulong Attr)> RecursiveOptions = new()
    {
        ["rro"] = (false, AttrRdonly), ["rrw"] = (true, AttrRdonly), ["rnosuid"] = (false, AttrNosuid), ["rsuid"] = (true, AttrNosuid),
        ["rnodev"] = (false, AttrNodev), ["rdev"] = (true, AttrNodev), ["rnoexec"] = (false, AttrNoexec), ["rexec"] = (true, AttrNoexec),
        ["rnodiratime"] = (false, AttrNodiratime), ["rdiratime"] = (true, AttrNodiratime), ["rrelatime"] = (false, AttrRelatime),
        ["rnorelatime"] = (true, AttrRelatime), ["rnoatime"] = (false, AttrNoatime), ["ratime"] = (true, AttrNoatime),
        ["rstrictatime"] = (false, AttrStrictatime), ["rnostrictatime"] = (true, AttrStrictatime),
        ["rnosymfollow"] = (false, AttrNosymfollow), ["rsymfollow"] = (true, AttrNosymfollow),
    };

    private static bool IsAtime(string name) => name is "rrelatime" or "rnoatime" or "rstrictatime";

    // mount_setattr cannot clear one atime mode (attr_clr must hold the whole atime field, else EINVAL):
    // dropping noatime or strictatime means going back to the kernel default, relatime.
    private static bool IsAtimeReset(string name) => name is "ratime" or "rnostrictatime";

    /// <summary>Every option name ocirt understands that is not filesystem data (for `features`).</summary>
    public static IEnumerable<string> RecursiveNames => RecursiveOptions.Keys;

    public static ParsedMountOptions Parse(IEnumerable<string>? options)
    {
        ulong flags = 0, cleared = 0, propagation = 0, recSet = 0, recClear = 0;
        bool bind = false, recursive = false, idmap = false, ridmap = false, copyUp = false;
        var data = new List<string>();
        var propagationSteps = new List<ulong>();
        foreach (string o in options ?? [])
        {
            if (o == "bind") { bind = true; continue; }
            if (o == "rbind") { bind = true; recursive = true; continue; }
            if (FlagOptions.TryGetValue(o, out var f))
            {
                if (f.Clear) { flags &= ~f.Flag; cleared |= f.Flag; }
                else { flags |= f.Flag; cleared &= ~f.Flag; }
                continue;
            }
            if (PropagationOptions.TryGetValue(o, out ulong p)) { propagation |= p; propagationSteps.Add(p); continue; }
            if (RecursiveOptions.TryGetValue(o, out var r))
            {
                if (IsAtime(o)) { recClear |= AttrAtimeMask; recSet = (recSet & ~AttrAtimeMask) | r.Attr; }
                else if (IsAtimeReset(o)) { recClear |= AttrAtimeMask; recSet = (recSet & ~AttrAtimeMask) | AttrRelatime; }
                else if (r.Clear) { recClear |= r.Attr; recSet &= ~r.Attr; }
                else { recSet |= r.Attr; recClear &= ~r.Attr; }
                continue;
            }
            if (o == "tmpcopyup") { copyUp = true; continue; }
            if (o == "idmap") { idmap = true; continue; }
            if (o == "ridmap") { idmap = true; ridmap = true; continue; }
            // Everything else is filesystem data (size=, mode=, uid=...).
            data.Add(o);
        }
        return new ParsedMountOptions(flags, cleared, propagation, bind, recursive, string.Join(',', data))
        {
            RecursiveSet = recSet, RecursiveClear = recClear, IdMap = idmap, IdMapRecursive = ridmap, CopyUp = copyUp,
            PropagationSteps = propagationSteps,
        };
    }

    /// <summary>linux.rootfsPropagation → flags for "/" (runc's default: rslave).</summary>
    public static ulong RootPropagation(string? value) => value switch
    {
        null or "" => MS_SLAVE | MS_REC,
        _ when PropagationOptions.TryGetValue(value, out ulong p) => p,
        _ => throw new Lifecycle.OcirtException($"linux.rootfsPropagation: unknown propagation \"{value}\""),
    };
}
