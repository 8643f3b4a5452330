namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>
/// The BPF_PROG_TYPE_CGROUP_DEVICE program for a rule set, laid out as runc's devicefilter generates it: load
/// type/access/major/minor from struct bpf_cgroup_dev_ctx into r2..r5, one block per exception (a mismatch
/// jumps to the next block), and a final block returning the default (1 = allow, 0 = deny).
/// </summary>
public static class DeviceFilter
{
    public const string License = "Apache";
    private const int DevBlock = 1, DevChar = 2;

    public static List<BpfInstruction> Generate(DeviceRuleSet set)
    {
        var prog = new List<BpfInstruction>
        {
            BpfInstruction.LoadWord(2, 1, 0), BpfInstruction.AndImm32(2, 0xFFFF), // r2 = type (low 16 bits of access_type)
            BpfInstruction.LoadWord(3, 1, 0), BpfInstruction.RshImm32(3, 16),      // r3 = access (high 16 bits)
            BpfInstruction.LoadWord(4, 1, 4),                                      // r4 = major
            BpfInstruction.LoadWord(5, 1, 8),                                      // r5 = minor
        };
        foreach (var rule in set.Exceptions) AppendBlock(prog, rule);
        prog.Add(BpfInstruction.MovImm32(0, set.DefaultAllow ? 1 : 0));
        prog.Add(BpfInstruction.Exit());
        return prog;
    }

    public static List<BpfInstruction> Generate(IEnumerable<DeviceRule> rules) => Generate(DeviceRuleSet.Reduce(rules));

    private static void AppendBlock(List<BpfInstruction> prog, DeviceRule rule)
    {
        if (rule.Major > uint.MaxValue || rule.Minor > uint.MaxValue)
            throw new Resources.ResourceException("linux.resources.devices", $"invalid device number in rule {rule}");
        var block = new List<(BpfInstruction Insn, bool JumpsToNext)>
        {
            (BpfInstruction.JneImm(2, rule.Type == 'b' ? DevBlock : DevChar, 0), true),
        };
        // The request matches when its access bits are a subset of the rule's; rwm matches everything.
        if (rule.Access != DeviceAccess.All)
        {
            block.Add((BpfInstruction.MovReg32(1, 3), false));
            block.Add((BpfInstruction.AndImm32(1, (int)rule.Access), false));
            block.Add((BpfInstruction.JneReg(1, 3, 0), true));
        }
        if (rule.Major >= 0) block.Add((BpfInstruction.JneImm(4, (int)(uint)rule.Major, 0), true));
        if (rule.Minor >= 0) block.Add((BpfInstruction.JneImm(5, (int)(uint)rule.Minor, 0), true));
        block.Add((BpfInstruction.MovImm32(0, rule.Allow ? 1 : 0), false));
        block.Add((BpfInstruction.Exit(), false));
        // A jump lands on the first instruction after this block: off = block length - (index + 1).
        for (int i = 0; i < block.Count; i++)
        {
            var (insn, toNext) = block[i];
            prog.Add(toNext ? insn with { Off = (short)(block.Count - i - 1) } : insn);
        }
    }

    public static byte[] Encode(IReadOnlyList<BpfInstruction> prog)
    {
        var bytes = new byte[prog.Count * 8];
        for (int i = 0; i < prog.Count; i++) prog[i].WriteTo(bytes.AsSpan(i * 8, 8));
        return bytes;
    }
}
