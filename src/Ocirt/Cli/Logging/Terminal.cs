using System.Runtime.InteropServices;

namespace Ocirt.Cli.Logging;

/// <summary>isatty(3) for the log's colored layout; System.Console is avoided on purpose (no console thread).</summary>
internal static class Terminal
{
    // Blittable int(int): no marshalling stub, fine under NativeAOT with DirectPInvoke libc.
    [DllImport("libc", EntryPoint = "isatty")]
    private static extern int isatty(int fd);

    public static bool IsTerminal(int fd) => isatty(fd) == 1;
}
