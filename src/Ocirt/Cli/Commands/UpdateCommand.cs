using System.Globalization;
using System.Text.Json;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using Ocirt.Runtime.Diagnostics;

namespace Ocirt.Cli.Commands;

/// <summary>update: --resources FILE|- (JSON LinuxResources; then every other flag is ignored) or runc's per-value flags.</summary>
public static class UpdateCommand
{
    public static int Run(CliContext c)
    {
        c.Runtime.State(c.Id); // a missing container is the first error, as runc loads it first
        c.Runtime.Update(c.Id, ResourcesOf(c.Flags, Console.OpenStandardInput));
        return 0;
    }

    public static LinuxResources ResourcesOf(ParsedFlags f, Func<Stream> stdin)
    {
        if (f.Get("resources") is { Length: > 0 } source) return ReadJson(source, stdin);
        if (f.Get("l3-cache-schema") is { Length: > 0 }) throw new OcirtException("Intel RDT/CAT: l3 cache schema is not enabled");
        if (f.Get("mem-bw-schema") is { Length: > 0 }) throw new OcirtException("Intel RDT/MBA: memory bandwidth schema is not enabled");
        var r = new LinuxResources
        {
            Memory = new LinuxMemory
            {
                Limit = Ram(f, "memory"), Reservation = Ram(f, "memory-reservation"), Swap = Ram(f, "memory-swap"),
            },
            Cpu = new LinuxCpu
            {
                Shares = U64(f, "cpu-share"), Period = U64(f, "cpu-period"), Quota = I64(f, "cpu-quota"),
                Burst = f.Has("cpu-burst") ? U64(f, "cpu-burst") : null, Idle = f.Has("cpu-idle") ? I64(f, "cpu-idle") : null,
                RealtimePeriod = U64(f, "cpu-rt-period"), RealtimeRuntime = I64(f, "cpu-rt-runtime"),
                Cpus = f.Get("cpuset-cpus"), Mems = f.Get("cpuset-mems"),
            },
            BlockIO = new LinuxBlockIO { Weight = (ushort)Int(f, "blkio-weight", ushort.MaxValue) },
            Pids = new LinuxPids { Limit = Int(f, "pids-limit", int.MaxValue) },
        };
        return r;
    }

    private static LinuxResources ReadJson(string source, Func<Stream> stdin)
    {
        try
        {
            using Stream s = source == "-" ? stdin() : File.OpenRead(source);
            return JsonSerializer.Deserialize(s, Ocirt.Spec.SpecJsonContext.Default.LinuxResources)
                ?? throw new OcirtException("--resources: the JSON is null");
        }
        catch (JsonException e) { throw new OcirtException($"--resources: invalid JSON for linux resources: {ErrorText.Of(e)}"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new OcirtException($"--resources: open {source}: {ErrorText.Of(e)}"); }
    }

    private static long Ram(ParsedFlags f, string name)
    {
        if (f.Get(name) is not { Length: > 0 } v) return 0;
        if (v == "-1") return -1;
        try { return RamInBytes.Parse(v); }
        catch (FormatException e) { throw new OcirtException($"invalid value for {name}: {ErrorText.Of(e)}"); }
    }

    private static ulong U64(ParsedFlags f, string name) =>
        f.Get(name) is not { Length: > 0 } v ? 0
        : ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) ? n
        : throw new OcirtException($"invalid value for {name}: strconv.ParseUint: parsing \"{v}\": invalid syntax");

    private static long I64(ParsedFlags f, string name) =>
        f.Get(name) is not { Length: > 0 } v ? 0
        : long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n
        : throw new OcirtException($"invalid value for {name}: strconv.ParseInt: parsing \"{v}\": invalid syntax");

    private static int Int(ParsedFlags f, string name, int max) =>
        f.Get(name) is not { Length: > 0 } v ? 0
        : int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n <= max ? n
        : throw new OcirtException($"invalid value \"{v}\" for flag -{name}: parse error");
}
