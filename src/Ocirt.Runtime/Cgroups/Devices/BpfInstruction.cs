using System.Buffers.Binary;

namespace Ocirt.Runtime.Cgroups.Devices;

/// <summary>One eBPF instruction (struct bpf_insn: u8 code, u4 dst, u4 src, s16 off, s32 imm).</summary>
public readonly record struct BpfInstruction(byte Code, byte Dst, byte Src, short Off, int Imm)
{
    // Opcode classes and fields from linux/bpf_common.h and linux/bpf.h.
    private const byte LDX = 0x01, ALU = 0x04, JMP = 0x05;
    private const byte MEM = 0x60, W = 0x00, K = 0x00, X = 0x08;
    private const byte AND = 0x50, RSH = 0x70, MOV = 0xb0, JNE = 0x50, EXIT = 0x90;

    /// <summary>dst = *(u32 *)(src + off)</summary>
    public static BpfInstruction LoadWord(byte dst, byte src, short off) => new(LDX | MEM | W, dst, src, off, 0);
    public static BpfInstruction AndImm32(byte dst, int imm) => new(ALU | AND | K, dst, 0, 0, imm);
    public static BpfInstruction RshImm32(byte dst, int imm) => new(ALU | RSH | K, dst, 0, 0, imm);
    public static BpfInstruction MovReg32(byte dst, byte src) => new(ALU | MOV | X, dst, src, 0, 0);
    public static BpfInstruction MovImm32(byte dst, int imm) => new(ALU | MOV | K, dst, 0, 0, imm);
    /// <summary>if dst != imm: pc += off</summary>
    public static BpfInstruction JneImm(byte dst, int imm, short off) => new(JMP | JNE | K, dst, 0, off, imm);
    /// <summary>if dst != src: pc += off</summary>
    public static BpfInstruction JneReg(byte dst, byte src, short off) => new(JMP | JNE | X, dst, src, off, 0);
    public static BpfInstruction Exit() => new(JMP | EXIT, 0, 0, 0, 0);

    public void WriteTo(Span<byte> dest)
    {
        dest[0] = Code;
        dest[1] = (byte)((Src << 4) | (Dst & 0x0f));
        BinaryPrimitives.WriteInt16LittleEndian(dest[2..], Off);
        BinaryPrimitives.WriteInt32LittleEndian(dest[4..], Imm);
    }

    /// <summary>A readable form for tests and debugging, e.g. "jne r2, 2, +5".</summary>
    public override string ToString() => Code switch
    {
        LDX | MEM | W => $"ldxw r{Dst}, [r{Src}{Off:+0;-0}]",
        ALU | AND | K => $"and32 r{Dst}, {Imm}",
        ALU | RSH | K => $"rsh32 r{Dst}, {Imm}",
        ALU | MOV | X => $"mov32 r{Dst}, r{Src}",
        ALU | MOV | K => $"mov32 r{Dst}, {Imm}",
        JMP | JNE | K => $"jne r{Dst}, {Imm}, {Off:+0;-0}",
        JMP | JNE | X => $"jne r{Dst}, r{Src}, {Off:+0;-0}",
        JMP | EXIT => "exit",
        _ => $"op 0x{Code:x2} r{Dst} r{Src} {Off} {Imm}",
    };
}
