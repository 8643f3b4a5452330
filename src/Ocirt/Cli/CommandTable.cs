using Ocirt.Cli.Parsing;

namespace Ocirt.Cli;

/// <summary>runc's command line: global flags and every subcommand with its flags (runc-contract.md §1).</summary>
public static class CommandTable
{
    private static FlagSpec F(string names, string usage, bool hidden = false) => new(names.Split(','), usage, Hidden: hidden);
    private static FlagSpec B(string names, string usage, bool hidden = false) => new(names.Split(','), usage, IsBool: true, Hidden: hidden);

    public static readonly FlagSpec[] GlobalFlags =
    [
        B("debug", "enable debug logging"),
        F("log", "set the log file to write ocirt logs to (default is '/dev/stderr')"),
        F("log-format", "set the log format ('text' (default), or 'json')") with { Default = "\"text\"" },
        F("root", "root directory for storage of container state (this should be located in tmpfs)"),
        // runc 1.2: hidden, accepted and ignored with a warning (go-runc v1.0.0 still passes it).
        F("criu", "(obsoleted, ignored) path to criu binary", hidden: true),
        B("systemd-cgroup", "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\" for e.g. \"system.slice:ocirt:434234\""),
        F("rootless", "ignore cgroup permission errors ('true', 'false', or 'auto')") with { Default = "\"auto\"" },
        B("help,h", "show help"),
        B("version,v", "print the version"),
    ];

    private static readonly FlagSpec ConsoleSocket = F("console-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal");
    private static readonly FlagSpec PreserveFds = F("preserve-fds", "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)") with { Default = "0" };

    private static readonly FlagSpec[] CreateFlags =
    [
        F("bundle,b", "path to the root of the bundle directory, defaults to the current directory"),
        ConsoleSocket,
        F("pidfd-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the init process"),
        F("pid-file", "specify the file to write the process id to"),
        B("no-pivot", "do not use pivot root to jail process inside rootfs.  This should be used whenever the rootfs is on top of a ramdisk"),
        B("no-new-keyring", "do not create a new session keyring for the container.  This will cause the container to inherit the calling processes session key"),
        PreserveFds,
    ];

    // checkpoint/restore share these (runc checkpoint.go / restore.go).
    private static readonly FlagSpec[] CriuFlags =
    [
        F("image-path", "path for saving criu image files"), F("work-path", "path for saving work files and logs"),
        B("tcp-established", "allow open tcp connections"), B("ext-unix-sk", "allow external unix sockets"),
        B("shell-job", "allow shell jobs"), B("lazy-pages", "use userfaultfd to lazily restore memory pages"),
        B("file-locks", "handle file locks, for safety"), F("manage-cgroups-mode", "cgroups mode: soft|full|strict|ignore (default: soft)"),
        F("empty-ns", "create a namespace, but don't restore its properties"), B("auto-dedup", "enable auto deduplication of memory images"),
    ];

    private const string Id = "<container-id>";

    /// <summary>In runc's order (main.go), then ocirt's own `check`; urfave/cli appends help.</summary>
    public static readonly CommandSpec[] Commands =
    [
        new("checkpoint", "checkpoint a running container", Id,
            [.. CriuFlags, F("parent-path", "path for previous criu image files in pre-dump"), B("leave-running", "leave the process running after checkpointing"),
             B("tcp-skip-in-flight", "skip in-flight tcp connections"), B("link-remap", "allow one to link unlinked files back when possible"),
             F("status-fd", "criu writes \\0 to this FD once lazy-pages is ready"), F("page-server", "ADDRESS:PORT of the page server"),
             B("pre-dump", "dump container's memory information only, leave the container running after this")], 1, 1) { NotImplemented = true },
        new("create", "create a container", Id, CreateFlags, 1, 1),
        new("delete", "delete any resources held by the container often used with detached container", Id,
            [B("force,f", "Forcibly deletes the container if it is still running (uses SIGKILL)")], 1, 1),
        new("events", "display container events such as OOM notifications, cpu, memory, and IO usage statistics", Id,
            [F("interval", "set the stats collection interval") with { Default = "5s" }, B("stats", "display the container's stats then exit")], 1, 1),
        new("exec", "execute new process inside the container", "<container-id> <command> [command options]  || -p process.json <container-id>",
            [
                ConsoleSocket,
                F("pidfd-socket", "path to an AF_UNIX socket which will receive a file descriptor referencing the exec process"),
                F("cwd", "current working directory in the container"), F("env,e", "set environment variables"),
                B("tty,t", "allocate a pseudo-TTY"), F("user,u", "UID (format: <uid>[:<gid>])"),
                F("additional-gids,g", "additional gids"), F("process,p", "path to the process.json"),
                B("detach,d", "detach from the container's process"), F("pid-file", "specify the file to write the process id to"),
                F("process-label", "set the asm process label for the process commonly used with selinux"),
                F("apparmor", "set the apparmor profile for the process"), B("no-new-privs", "set the no new privileges value for the process"),
                F("cap,c", "add a capability to the bounding set for the process"),
                PreserveFds,
                F("cgroup", "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>."),
                B("ignore-paused", "allow exec in a paused container"),
            ], 1, int.MaxValue) { PassThroughAfterFirstArg = true },
        new("kill", "kill sends the specified signal (default: SIGTERM) to the container's init process", "<container-id> [signal]",
            [B("all,a", "(obsoleted, do not use)", hidden: true)], 1, 2),
        new("list", "lists containers started by ocirt with the given root", "",
            [F("format,f", "select one of: table or json (default: \"table\")"), B("quiet,q", "display only container IDs")], 0, 0) { TakesId = false },
        new("pause", "pause suspends all processes inside the container", Id, [], 1, 1),
        new("ps", "ps displays the processes running inside a container", "<container-id> [ps options]",
            [F("format,f", "select one of: table or json (default: \"table\")")], 1, int.MaxValue) { PassThroughAfterFirstArg = true },
        new("restore", "restore a container from a previous checkpoint", Id,
            [ConsoleSocket, .. CriuFlags, F("bundle,b", "path to the root of the bundle directory"), B("detach,d", "detach from the container's process"),
             F("pid-file", "specify the file to write the process id to"), B("no-subreaper", "disable the use of the subreaper used to reap reparented processes"),
             B("no-pivot", "do not use pivot root to jail process inside rootfs.  This should be used whenever the rootfs is on top of a ramdisk"),
             F("lsm-profile", "Specify an LSM profile to be used during restore in the form of TYPE:NAME."),
             F("lsm-mount-context", "Specify an LSM mount context to be used during restore.")], 1, 1) { NotImplemented = true },
        new("resume", "resumes all processes that have been previously paused", Id, [], 1, 1),
        new("run", "create and run a container", Id,
            [.. CreateFlags, B("detach,d", "detach from the container's process"), B("keep", "do not delete the container after it exits"),
             B("no-subreaper", "disable the use of the subreaper used to reap reparented processes")], 1, 1),
        new("spec", "create a new specification file", "",
            [F("bundle,b", "path to the root of the bundle directory"), B("rootless", "generate a configuration for a rootless container")], 0, 0)
            { TakesId = false },
        new("start", "executes the user defined process in a created container", Id, [], 1, 1),
        new("state", "output the state of a container", Id, [], 1, 1),
        new("update", "update container resource constraints", Id,
            [F("resources,r", "path to the file containing the resources to update or '-' to read from the standard input"),
             F("blkio-weight", "Specifies per cgroup weight, range is from 10 to 1000") with { Default = "0" },
             F("cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"),
             F("cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"),
             F("cpu-burst", "CPU CFS hardcap burst limit (in usecs). Allowed accumulated cpu time additionally for burst a given period"),
             F("cpu-share", "CPU shares (relative weight vs. other containers)"),
             F("cpu-rt-period", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default"),
             F("cpu-rt-runtime", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period"),
             F("cpuset-cpus", "CPU(s) to use"), F("cpuset-mems", "Memory node(s) to use"),
             F("memory", "Memory limit (in bytes)"), F("memory-reservation", "Memory reservation or soft_limit (in bytes)"),
             F("memory-swap", "Total memory usage (memory + swap); set '-1' to enable unlimited swap"),
             F("cpu-idle", "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE"),
             F("pids-limit", "Maximum number of pids allowed in the container") with { Default = "0" },
             F("l3-cache-schema", "The string of Intel RDT/CAT L3 cache schema"),
             F("mem-bw-schema", "The string of Intel RDT/MBA memory bandwidth schema"),
             F("kernel-memory", "(obsoleted; do not use)", hidden: true), F("kernel-memory-tcp", "(obsoleted; do not use)", hidden: true)], 1, 1),
        new("features", "show the enabled features", "", [], 0, 0) { TakesId = false, Description = "Show the enabled features." },
        new("check", "check whether containers can run on this host and what is missing", "", [F("format,f", "text or json")], 0, 0) { TakesId = false },
        new("init", "initialize the namespaces and launch the process (do not call it outside of ocirt)", "", [], 0, 0) { Hidden = true, TakesId = false },
        new("help", "Shows a list of commands or help for one command", "[command]", [], 0, 1) { TakesId = false, Aliases = ["h"] },
    ];

    public static CommandSpec? Find(string name) => Commands.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name));
}
