namespace Ocirt.Runtime.State;

/// <summary>Reads of the container's own files from the host, through /proc/PID/root.</summary>
internal static class ContainerFiles
{
    /// <summary>HOME for uid from the container's /etc/passwd, "/" when absent (runc).</summary>
    public static string HomeOf(string root, uint uid) => HomeFromPasswd(root + "/etc/passwd", uid);

    /// <summary>HOME for uid from a passwd file, "/" when absent.</summary>
    public static string HomeFromPasswd(string passwd, uint uid)
    {
        foreach (string line in Interop.SmallFile.Lines(passwd))
        {
            string[] f = line.Split(':');
            if (f.Length >= 6 && f[2] == uid.ToString()) return f[5];
        }
        return "/";
    }
}
