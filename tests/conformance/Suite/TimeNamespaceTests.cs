using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>linux.timeOffsets in a time namespace, seen in /proc/uptime (CLOCK_BOOTTIME) from inside.</summary>
public sealed class TimeNamespaceTests : ContainerTest
{
    private const long YearSeconds = 365L * 24 * 3600;

    private void BoottimeOffset()
    {
        Bundle.AddNamespace("time").Edit(c => c["linux"]!["timeOffsets"] = new JsonObject
        {
            ["boottime"] = new JsonObject { ["secs"] = YearSeconds, ["nanosecs"] = 0 },
        });
    }

    private double UptimeInside() => double.Parse(Observe("cat /proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    [OcirtOnlyFact("runc 1.1.5 has no time namespace")]
    public void Boottime_offset_moves_uptime()
    {
        BoottimeOffset();
        Assert.True(UptimeInside() >= YearSeconds);
    }

    [OcirtOnlyFact("runc 1.1.5 has no time namespace")]
    public void Boottime_offset_in_a_user_namespace()
    {
        Bundle.UserNamespace(100000, 65536);
        BoottimeOffset();
        Assert.True(UptimeInside() >= YearSeconds);
    }
}
