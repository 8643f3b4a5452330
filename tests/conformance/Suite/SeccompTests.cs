using System.Text.Json.Nodes;
using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>linux.seccomp installed for real: each test makes a syscall from inside and observes the filter's answer.</summary>
public sealed class SeccompTests : ContainerTest
{
    private void Profile(JsonObject seccomp) => Bundle.Edit(c => c["linux"]!["seccomp"] = seccomp);

    private static JsonObject AllowExcept(params JsonObject[] rules) => new()
    {
        ["defaultAction"] = "SCMP_ACT_ALLOW",
        ["architectures"] = BusyboxBundle.Array("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
        ["syscalls"] = new JsonArray(rules),
    };

    private static JsonObject Rule(string action, string[] names, uint? errnoRet = null, params JsonObject[] args)
    {
        var r = new JsonObject { ["names"] = BusyboxBundle.Array(names), ["action"] = action };
        if (errnoRet is uint e) r["errnoRet"] = e;
        if (args.Length > 0) r["args"] = new JsonArray(args);
        return r;
    }

    private static JsonObject Arg(uint index, string op, ulong value, ulong valueTwo = 0) =>
        new() { ["index"] = index, ["op"] = op, ["value"] = value, ["valueTwo"] = valueTwo };

    /// <summary>Docker's shape: root, Docker's capabilities, no_new_privs off (the filter then needs CAP_SYS_ADMIN).</summary>
    private void DockerLikeProcess(string[] caps, uint uid = 0)
    {
        Bundle.User(uid, uid);
        Bundle.Edit(c =>
        {
            c["process"]!["noNewPrivileges"] = false;
            c["process"]!["capabilities"] = new JsonObject
            {
                ["bounding"] = BusyboxBundle.Array(caps), ["effective"] = BusyboxBundle.Array(caps), ["permitted"] = BusyboxBundle.Array(caps),
            };
        });
    }

    [Fact]
    public void A_blocked_syscall_returns_the_configured_errno_and_unknown_names_are_skipped()
    {
        Profile(AllowExcept(Rule("SCMP_ACT_ERRNO", ["mkdir", "mkdirat", "no_such_syscall_here"], errnoRet: 13)));
        string output = Observe("mkdir /dev/shm/x 2>&1; echo rc=$?; grep Seccomp: /proc/self/status; touch /dev/shm/y && echo touched");
        Assert.Contains("Permission denied", output); // EACCES = 13, not the EPERM a plain denial gives
        Assert.Contains("rc=1", output);
        Assert.Contains("Seccomp:\t2", output);
        Assert.Contains("touched", output);
    }

    [Fact]
    public void Default_errno_ret_applies_to_everything_not_allowed()
    {
        var profile = new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["syscalls"] = new JsonArray(Rule("SCMP_ACT_ERRNO", ["mkdir", "mkdirat"])),
        };
        Profile(profile);
        Assert.Contains("Operation not permitted", Observe("mkdir /dev/shm/x 2>&1; true")); // ERRNO without errnoRet: EPERM (runc)
    }

    [Fact]
    public void Kill_process_action_kills_with_SIGSYS()
    {
        Profile(AllowExcept(Rule("SCMP_ACT_KILL_PROCESS", ["sync"])));
        var r = RunShell("echo before; exec sync; echo after");
        Assert.Contains("before", r.Stdout);
        Assert.DoesNotContain("after", r.Stdout);
        Assert.Equal(128 + 31, r.ExitCode); // SIGSYS
    }

    [Fact]
    public void Kill_thread_action_kills_a_single_threaded_program()
    {
        Profile(AllowExcept(Rule("SCMP_ACT_KILL", ["sync"])));
        var r = RunShell("exec sync");
        Assert.Equal(128 + 31, r.ExitCode);
    }

    [Fact]
    public void Argument_conditions_select_which_calls_are_blocked()
    {
        // kill(2)'s signal argument: SIGUSR1 (10) refused by EQ; bit 2 set (SIGUSR2 = 12) refused by
        // MASKED_EQ; 0 and SIGCHLD (17: bit 2 clear, harmless) pass.
        Profile(AllowExcept(
            Rule("SCMP_ACT_ERRNO", ["kill"], 1, Arg(1, "SCMP_CMP_EQ", 10)),
            Rule("SCMP_ACT_ERRNO", ["kill"], 1, Arg(1, "SCMP_CMP_MASKED_EQ", 0x4, 0x4))));
        string output = Observe(
            "kill -0 $$ && echo zero-ok; kill -USR1 $$ 2>/dev/null || echo usr1-refused; " +
            "kill -USR2 $$ 2>/dev/null || echo usr2-refused; kill -CHLD $$ && echo chld-ok");
        Assert.Contains("zero-ok", output);
        Assert.Contains("usr1-refused", output);
        Assert.Contains("usr2-refused", output);
        Assert.Contains("chld-ok", output);
    }

    [Fact]
    public void Podman_default_profile_blocks_what_it_denies_and_runs_the_rest()
    {
        // CAP_SYS_ADMIN so that the kernel would let swapon through: only the filter refuses it (EPERM);
        // without the filter the same call fails otherwise (busybox is busy: ETXTBSY).
        string[] caps = [.. SeccompProfiles.DockerCaps, "CAP_SYS_ADMIN"];
        DockerLikeProcess(caps);
        const string script = "swapon /bin/busybox 2>&1; ls / >/dev/null && echo ls-ok; grep Seccomp: /proc/self/status";
        string without = Observe(script);
        Assert.DoesNotContain("Operation not permitted", without);
        Assert.Contains("Seccomp:\t0", without);

        Profile(SeccompProfiles.ContainersDefault(caps));
        string with = Observe(script);
        Assert.Contains("swapon: /bin/busybox: Operation not permitted", with);
        Assert.Contains("ls-ok", with);
        Assert.Contains("Seccomp:\t2", with);
    }

    [Fact]
    public void Podman_default_profile_for_a_non_root_user_without_no_new_privs()
    {
        DockerLikeProcess(SeccompProfiles.DockerCaps, uid: 1000);
        Profile(SeccompProfiles.ContainersDefault(SeccompProfiles.DockerCaps));
        string output = Observe("id -u; grep -E 'Seccomp:|NoNewPrivs|CapEff' /proc/self/status");
        Assert.Contains("1000", output);
        Assert.Contains("Seccomp:\t2", output);
        Assert.Contains("NoNewPrivs:\t0", output);
        Assert.Contains("CapEff:\t0000000000000000", output);
    }

    [Fact]
    public void Exec_gets_the_containers_filter()
    {
        Profile(AllowExcept(Rule("SCMP_ACT_ERRNO", ["mkdir", "mkdirat"], errnoRet: 13)));
        Bundle.Shell("sleep 30");
        string id = NewId();
        Rt.Must("run", "-d", id);
        var r = Rt.Run("exec", id, "sh", "-c", "mkdir /dev/shm/e 2>&1; grep Seccomp: /proc/self/status");
        Assert.Contains("Permission denied", r.Stdout);
        Assert.Contains("Seccomp:\t2", r.Stdout);
    }

    [OcirtOnlyFact("the compiled-filter cache is ocirt's")]
    public void The_compiled_filter_is_cached_by_profile()
    {
        Profile(AllowExcept(Rule("SCMP_ACT_ERRNO", ["mkdir", "mkdirat"])));
        Observe("true");
        var cached = Directory.GetFiles(StateRoot, "seccomp-*.bpf");
        Assert.Single(cached);
        var written = File.GetLastWriteTimeUtc(cached[0]);
        Observe("true");
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(StateRoot, "seccomp-*.bpf"))));
        Assert.Empty(Rt.ListIds()); // the cache is not a container
    }
}

/// <summary>SCMP_ACT_NOTIFY: the listener gets runc's container-process-state message and the notify fd.</summary>
public sealed class SeccompNotifyTests : ContainerTest
{
    [Fact]
    public void The_listener_receives_the_state_and_the_notify_fd()
    {
        string sock = Path.Combine(Path.GetTempPath(), $"ocirt-conf-agent-{Env.NewSuffix()}.sock");
        using var agent = new FdReceiver(sock);
        Bundle.Edit(c => c["linux"]!["seccomp"] = new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["listenerPath"] = sock,
            ["listenerMetadata"] = "agent-meta",
            ["syscalls"] = new JsonArray(new JsonObject { ["names"] = BusyboxBundle.Array("mkdir", "mkdirat"), ["action"] = "SCMP_ACT_NOTIFY" }),
        });
        // The program's result goes to a file in the (writable) rootfs: a detached container's stdout is not ours to read.
        Bundle.ReadonlyRootfs(false).Shell("mkdir /tmp/notified 2>/result; echo rc=$? >>/result; sleep 30");
        string id = NewId();
        Rt.Must("create", id);
        var (payload, fd) = agent.Wait();
        string fdTarget;
        try { fdTarget = new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? ""; }
        finally { FdReceiver.close(fd); } // an agent that goes away: notified syscalls then fail with ENOSYS

        var message = JsonNode.Parse(payload)!;
        Assert.Equal("anon_inode:seccomp notify", fdTarget);
        Assert.Equal("seccompFd", message["fds"]![0]!.GetValue<string>());
        Assert.Equal("agent-meta", message["metadata"]!.GetValue<string>());
        Assert.Equal(id, message["state"]!["id"]!.GetValue<string>());
        Assert.Equal("creating", message["state"]!["status"]!.GetValue<string>());
        Assert.Equal(Rt.Pid(id), message["pid"]!.GetValue<int>());

        Rt.Must("start", id);
        string result = Path.Combine(Bundle.Rootfs, "result");
        Assert.True(Poll.Until(() => File.Exists(result) && File.ReadAllText(result).Contains("rc="), 10_000), "the container did not write its result");
        string text = File.ReadAllText(result);
        Assert.Contains("Function not implemented", text);
        Assert.Contains("rc=1", text);
    }

    [Fact]
    public void Exec_hands_its_own_listener_to_the_agent()
    {
        string sock = Path.Combine(Path.GetTempPath(), $"ocirt-conf-agent-{Env.NewSuffix()}.sock");
        Bundle.Edit(c => c["linux"]!["seccomp"] = new JsonObject
        {
            ["defaultAction"] = "SCMP_ACT_ALLOW",
            ["listenerPath"] = sock,
            ["syscalls"] = new JsonArray(new JsonObject { ["names"] = BusyboxBundle.Array("mkdir", "mkdirat"), ["action"] = "SCMP_ACT_NOTIFY" }),
        });
        Bundle.Shell("sleep 30");
        string id = NewId();
        using (var forInit = new FdReceiver(sock))
        {
            Rt.Must("run", "-d", id);
            FdReceiver.close(forInit.Wait().Fd);
        }
        using var forExec = new FdReceiver(sock);
        var exec = Task.Run(() => Rt.Run("exec", id, "sh", "-c", "mkdir /dev/shm/n 2>&1; echo rc=$?"));
        var (payload, fd) = forExec.Wait();
        FdReceiver.close(fd); // the agent goes away: the exec'd mkdir gets ENOSYS
        var message = JsonNode.Parse(payload)!;
        var r = exec.Result;
        Assert.Equal(id, message["state"]!["id"]!.GetValue<string>());
        Assert.Equal(Rt.Pid(id), message["state"]!["pid"]!.GetValue<int>());
        Assert.NotEqual(Rt.Pid(id), message["pid"]!.GetValue<int>()); // the exec'd process, not the init
        Assert.Contains("Function not implemented", r.Stdout);
        Assert.Contains("rc=1", r.Stdout);
    }
}
