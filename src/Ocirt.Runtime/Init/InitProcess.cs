using System.Text.Json;
using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;
using Ocirt.Runtime.Spawn;

namespace Ocirt.Runtime.Init;

/// <summary>
/// `ocirt init`: a fresh process already inside the container's namespaces (re-executed by the
/// spawn). Builds the container, reports ready, waits on exec.fifo for `start`, then execs the user
/// program, which keeps this PID. Everything runs on the main thread (capabilities, no_new_privs
/// and execve are per-thread).
/// </summary>
public static class InitProcess
{
    public static int Main(string[] args)
    {
        string? fdText = System.Environment.GetEnvironmentVariable(Spawner.ChannelFdVariable);
        if (fdText == null || !int.TryParse(fdText, out int fd))
        {
            Console.Error.WriteLine("ocirt init: internal command, run by ocirt create");
            return 1;
        }
        using var channel = new InitChannel(fd);
        InitConfig cfg;
        string exe;
        List<string> env;
        try
        {
            var msg = channel.Receive(30_000) ?? throw new OcirtException("init: the parent closed the channel");
            if (msg.Kind != InitChannel.Config) throw new OcirtException("init: expected the config");
            cfg = JsonSerializer.Deserialize(msg.Payload, RuntimeJsonContext.Default.InitConfig)!;
            var process = cfg.Spec.Process ?? throw new OcirtException("process: required");
            Libc.Umask(0);
            // runc makes the init a session leader; it also detaches from ocirt's controlling terminal.
            Libc.Setsid();
            if (cfg.NewNamespaces.Contains("mount"))
            {
                RootfsSetup.Prepare(cfg);
                RootfsSetup.SwitchRoot(cfg);
            }
            else
            {
                Errno.Check(Libc.Chroot(cfg.Rootfs), $"chroot {cfg.Rootfs}");
                Errno.Check(Libc.Chdir("/"), "chdir /");
            }
            RootfsSetup.Finish(cfg);
            env = ProcessSetup.Environment(process);
            string cwd = string.IsNullOrEmpty(process.Cwd) ? "/" : process.Cwd;
            if (!Directory.Exists(cwd)) Directory.CreateDirectory(cwd);
            exe = ExecutableLookup.Resolve(process.Args![0], env, cwd);
            ProcessSetup.Apply(process);
            channel.Send(InitChannel.Ready, []);
        }
        catch (Exception e)
        {
            try { channel.SendText(InitChannel.Error, e is OcirtException ? e.Message : e.ToString()); } catch { }
            return 1;
        }

        try
        {
            WaitForStart(cfg.FifoFd);
            ProcessSetup.Exec(exe, cfg.Spec.Process!.Args!, env, cfg.PreserveFds);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e.Message);
        }
        return 255;
    }

    /// <summary>Blocks opening exec.fifo for writing until `start` opens it for reading, then writes one byte.</summary>
    private static unsafe void WaitForStart(int fifoFd)
    {
        int fd;
        while ((fd = Libc.Open($"/proc/self/fd/{fifoFd}", OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC, 0)) < 0)
        {
            if (Errno.Last != Errno.EINTR) throw new SyscallException("open exec fifo", Errno.Last);
        }
        byte b = (byte)'0';
        if (Libc.Write(fd, &b, 1) != 1) throw new SyscallException("write exec fifo", Errno.Last);
        Libc.Close(fd);
        Libc.Close(fifoFd);
    }
}
