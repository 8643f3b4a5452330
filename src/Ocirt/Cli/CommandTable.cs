using Ocirt.Cli.Parsing;

namespace Ocirt.Cli;

/// <summary>runc's command line: global flags and every subcommand with its flags (runc-contract.md §1).</summary>
public static class CommandTable
{
    private static FlagSpec F(string names, string usage) => new(names.Split(','), usage);
    private static FlagSpec B(string names, string usage, bool hidden = false) => new(names.Split(','), usage, IsBool: true, Hidden: hidden);

    public static readonly FlagSpec[] GlobalFlags =
    [
        B("debug", "enable debug logging"),
        F("log", "set the log file to write ocirt logs to (default is '/dev/stderr')"),
        F("log-format", "set the log format ('text' (default), or 'json')"),
        F("root", "root directory for storage of container state (this should be located in tmpfs)"),
        B("systemd-cgroup", "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\""),
        F("rootless", "ignore cgroup permission errors ('true', 'false', or 'auto')"),
        F("criu", "(obsoleted, ignored) path to criu binary"),
        B("help,h", "show help"),
        B("version,v", "print the version"),
    ];

    private static readonly FlagSpec[] CreateFlags =
    [
        F("bundle,b", "path to the root of the bundle directory, defaults to the current directory"),
        F("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal"),
        F("pidfd-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the init process"),
        F("pid-file", "specify the file to write the process id to"),
        B("no-pivot", "do not use pivot root to jail process inside rootfs"),
        B("no-new-keyring", "do not create a new session keyring for the container"),
        F("preserve-fds", "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)"),
    ];

    public static readonly CommandSpec[] Commands =
    [
        new("create", "create a container", "<container-id>", CreateFlags, 1, 1),
        new("run", "create and run a container", "<container-id>",
            [.. CreateFlags, B("detach,d", "detach from the container's process"), B("keep", "do not delete the container after it exits"),
             B("no-subreaper", "disable the use of the subreaper used to reap reparented processes")], 1, 1),
        new("start", "executes the user defined process in a created container", "<container-id>", [], 1, 1),
        new("state", "output the state of a container", "<container-id>", [], 1, 1),
        new("kill", "kill sends the specified signal (default: SIGTERM) to the container's init process", "<container-id> [signal]",
            [B("all,a", "(obsoleted, do not use)", hidden: true)], 1, 2),
        new("delete", "delete any resources held by the container often used with detached container", "<container-id>",
            [B("force,f", "Forcibly deletes the container if it is still running (uses SIGKILL)")], 1, 1),
        new("list", "lists containers started by ocirt with the given root", "",
            [F("format,f", "select one of: table or json (default: \"table\")"), B("quiet,q", "display only container IDs")], 0, 0) { TakesId = false },
        new("ps", "ps displays the processes running inside a container", "<container-id> [ps options]",
            [F("format,f", "select one of: table or json (default: \"table\")")], 1, int.MaxValue) { PassThroughAfterFirstArg = true },
        new("exec", "execute new process inside the container", "<container-id> <command> [command options]  || -p process.json <container-id>",
            [
                F("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal"),
                F("pidfd-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the exec process"),
                F("cwd", "current working directory in the container"), F("env,e", "set environment variables"),
                B("tty,t", "allocate a pseudo-TTY"), F("user,u", "UID (format: <uid>[:<gid>])"),
                F("additional-gids,g", "additional gids"), F("process,p", "path to the process.json"),
                B("detach,d", "detach from the container's process"), F("pid-file", "specify the file to write the process id to"),
                F("process-label", "set the asm process label for the process commonly used with selinux"),
                F("apparmor", "set the apparmor profile for the process"), B("no-new-privs", "set the no new privileges value for the process"),
                F("cap,c", "add a capability to the bounding set for the process"),
                F("preserve-fds", "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)"),
                F("cgroup", "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>."),
                B("ignore-paused", "allow exec in a paused container"),
            ], 1, int.MaxValue) { PassThroughAfterFirstArg = true },
        new("pause", "pause suspends all processes inside the container", "<container-id>", [], 1, 1),
        new("resume", "resumes all processes that have been previously paused", "<container-id>", [], 1, 1),
        new("spec", "create a new specification file", "",
            [F("bundle,b", "path to the root of the bundle directory"), B("rootless", "generate a configuration for a rootless container")], 0, 0) { TakesId = false },
        new("features", "show the enabled features", "", [], 0, 0) { TakesId = false },
        new("check", "check whether containers can run on this host and what is missing", "", [F("format,f", "text or json")], 0, 0) { TakesId = false },
        new("events", "display container events such as OOM notifications, cpu, memory, and IO usage statistics", "<container-id>",
            [F("interval", "set the stats collection interval"), B("stats", "display the container's stats then exit")], 1, 1),
        new("update", "update container resource constraints", "<container-id>",
            [F("resources,r", "path to the file containing the resources to update or '-' to read from the standard input"),
             F("blkio-weight", ""), F("cpu-period", ""), F("cpu-quota", ""), F("cpu-burst", ""), F("cpu-share", ""), F("cpu-rt-period", ""),
             F("cpu-rt-runtime", ""), F("cpuset-cpus", ""), F("cpuset-mems", ""), F("memory", ""), F("memory-reservation", ""),
             F("memory-swap", ""), F("cpu-idle", ""), F("pids-limit", ""), F("l3-cache-schema", ""), F("mem-bw-schema", ""),
             F("kernel-memory", ""), F("kernel-memory-tcp", "")], 1, 1),
        new("checkpoint", "checkpoint a running container", "<container-id>", [], 1, 1) { Hidden = true },
        new("restore", "restore a container from a previous checkpoint", "<container-id>", [], 1, 1) { Hidden = true },
        new("init", "initialize the namespaces and launch the process (do not call it outside of ocirt)", "", [], 0, 0) { Hidden = true, TakesId = false },
        new("help", "shows a list of commands or help for one command", "[command]", [], 0, 1) { TakesId = false },
    ];

    public static CommandSpec? Find(string name) => Commands.FirstOrDefault(c => c.Name == name || (name == "h" && c.Name == "help"));
}
