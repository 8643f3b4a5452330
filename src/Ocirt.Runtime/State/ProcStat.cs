namespace Ocirt.Runtime.State;

/// <summary>Reads /proc/PID/stat: state letter and start time (field 22).</summary>
public static class ProcStat
{
    public readonly record struct Info(char State, ulong StartTime);

    public static Info? Read(int pid)
    {
        if (pid <= 0) return null;
        string? text = Interop.SmallFile.TryReadText($"/proc/{pid}/stat");
        if (text == null) return null;
        // comm may contain spaces and parentheses: fields start after the last ')'.
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        string[] fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field 22 is fields[19].
        if (fields.Length < 20 || !ulong.TryParse(fields[19], out ulong start)) return null;
        return new Info(fields[0][0], start);
    }

    /// <summary>True when the pid still runs the same process (same start time, not a zombie).</summary>
    public static bool IsAlive(int pid, ulong startTime)
    {
        var info = Read(pid);
        return info is { } i && i.StartTime == startTime && i.State != 'Z' && i.State != 'X';
    }
}
