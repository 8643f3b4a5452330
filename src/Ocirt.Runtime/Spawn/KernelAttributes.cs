using System.Runtime.InteropServices;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;

namespace Ocirt.Runtime.Spawn;

/// <summary>
/// The process attributes that are one syscall each and survive execve: linux.personality
/// (personality(2)), process.ioPriority (ioprio_set(2)) and process.scheduler (sched_setattr(2)).
/// Built in managed code, applied allocation-free by <see cref="ForkSafeChild.ApplyKernelAttributes"/>
/// in the init and in exec's child, while still privileged (a real-time policy needs CAP_SYS_NICE).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KernelAttributes
{
    public int HasPersonality;
    public ulong Personality;
    public int HasIoPriority;
    public int IoPriority;
    public int HasScheduler;
    public SchedAttr Scheduler;

    public static KernelAttributes From(Process process, Linux? linux)
    {
        var k = new KernelAttributes();
        if (linux?.Personality is { } per)
        {
            k.HasPersonality = 1;
            k.Personality = per.Domain switch
            {
                "LINUX" => 0x0000,
                "LINUX32" => 0x0008,
                _ => throw new OcirtException($"linux.personality.domain: unknown domain \"{per.Domain}\""),
            };
        }
        if (process.IoPriority is { } io)
        {
            int cls = io.Class switch
            {
                "IOPRIO_CLASS_RT" => 1, "IOPRIO_CLASS_BE" => 2, "IOPRIO_CLASS_IDLE" => 3,
                _ => throw new OcirtException($"process.ioPriority.class: unknown class \"{io.Class}\""),
            };
            k.HasIoPriority = 1;
            k.IoPriority = (cls << 13) | io.Priority;
        }
        if (process.Scheduler is { } s)
        {
            k.HasScheduler = 1;
            k.Scheduler = new SchedAttr
            {
                Size = (uint)Marshal.SizeOf<SchedAttr>(),
                Policy = s.Policy switch
                {
                    "SCHED_OTHER" => 0, "SCHED_FIFO" => 1, "SCHED_RR" => 2, "SCHED_BATCH" => 3, "SCHED_ISO" => 4,
                    "SCHED_IDLE" => 5, "SCHED_DEADLINE" => 6,
                    _ => throw new OcirtException($"process.scheduler.policy: unknown policy \"{s.Policy}\""),
                },
                Flags = SchedFlags(s.Flags),
                Nice = s.Nice, Priority = (uint)s.Priority, Runtime = s.Runtime, Deadline = s.Deadline, Period = s.Period,
            };
        }
        return k;
    }

    private static ulong SchedFlags(List<string>? names)
    {
        ulong flags = 0;
        for (int i = 0; i < (names?.Count ?? 0); i++)
        {
            flags |= names![i] switch
            {
                "SCHED_FLAG_RESET_ON_FORK" => 0x01UL, "SCHED_FLAG_RECLAIM" => 0x02UL, "SCHED_FLAG_DL_OVERRUN" => 0x04UL,
                "SCHED_FLAG_KEEP_POLICY" => 0x08UL, "SCHED_FLAG_KEEP_PARAMS" => 0x10UL, "SCHED_FLAG_UTIL_CLAMP_MIN" => 0x20UL,
                "SCHED_FLAG_UTIL_CLAMP_MAX" => 0x40UL,
                _ => throw new OcirtException($"process.scheduler.flags[{i}]: unknown flag \"{names[i]}\""),
            };
        }
        return flags;
    }
}

/// <summary>struct sched_attr (SCHED_ATTR_SIZE_VER1).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SchedAttr
{
    public uint Size, Policy;
    public ulong Flags;
    public int Nice;
    public uint Priority;
    public ulong Runtime, Deadline, Period;
    public uint UtilMin, UtilMax;
}
