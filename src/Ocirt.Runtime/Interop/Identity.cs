namespace Ocirt.Runtime.Interop;

/// <summary>The caller's effective ids (for --root defaults and rootless specs).</summary>
public static class Identity
{
    public static uint Euid => Libc.Geteuid();
    public static uint Egid => Libc.Getegid();
}
