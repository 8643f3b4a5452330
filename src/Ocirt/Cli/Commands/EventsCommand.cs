using System.Text.Json;
using Ocirt.Cli.Parsing;
using Ocirt.Runtime.Cgroups.Stats;
using Ocirt.Runtime.Diagnostics;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Cli.Commands;

/// <summary>events [--stats] [--interval D]: runc's JSON lines, {"type":"stats"|"oom","id":...,"data":...}.</summary>
public static class EventsCommand
{
    public static int Run(CliContext c)
    {
        c.Runtime.State(c.Id); // runc loads the container before it looks at the interval
        var interval = IntervalOf(c.Flags.Get("interval"));
        if (c.Flags.Bool("stats"))
        {
            Print(c.Runtime.StatsEvent(c.Id));
            return 0;
        }
        c.Runtime.WatchEvents(c.Id, interval, Print);
        return 0;
    }

    public static TimeSpan IntervalOf(string? value)
    {
        TimeSpan interval;
        try { interval = value is null ? TimeSpan.FromSeconds(5) : GoDuration.Parse(value); }
        catch (FormatException e) { throw new OcirtException($"invalid value \"{value}\" for flag -interval: {ErrorText.Of(e)}"); }
        if (interval <= TimeSpan.Zero) throw new OcirtException("duration interval must be greater than 0");
        return interval;
    }

    private static void Print(ContainerEvent e) =>
        StdStreams.Out(JsonSerializer.Serialize(e, StatsJsonContext.Default.ContainerEvent) + "\n");
}
