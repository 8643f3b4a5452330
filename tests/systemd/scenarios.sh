# Scenarios with a real systemd. Each t_NAME runs once with RT=runc and once with RT=ocirt (see
# lib.sh); its stdout is compared between the two unless NAME is in NOCOMPARE. Container ids are
# printed as ID so that the observations compare.

# Observations that legitimately differ (timings, pids).
NOCOMPARE=(docker_stats)
# name -> reason. A failure not listed here makes the suite exit non-zero.
declare -A KNOWN_FAILURES=(
)

# What a scenario may leave when it fails (driver.sh calls this after each run).
cleanup_all() {
  local ids
  ids=$(docker ps -aq --filter name=e2e-); [ -n "$ids" ] && docker rm -f $ids
  ids=$(podman ps -aq --filter name=e2e-); [ -n "$ids" ] && podman rm -f $ids
  "$CRI" cleanup
  return 0
}

# ---------------------------------------------------------------- docker (native.cgroupdriver=systemd, its default here)
t_docker_cgroup_driver() {
  expect_eq "$(docker info -f '{{.CgroupDriver}} {{.CgroupVersion}}')" "systemd 2" "docker info"
  echo "systemd 2"
}
t_docker_run() {
  n=$(trace_lines)
  out=$(drun --rm "$IMG" echo hello from the container) || fail "docker run exited $?"
  expect_eq "$out" "hello from the container" "stdout"
  expect_match "$(trace_since "$n" | grep -m1 -E '(^| )create ')" '--systemd-cgroup' "the runtime's create arguments"
  drun --rm "$IMG" sh -c 'exit 42'; rc=$?
  expect_eq "$rc" 42 "exit status"
  err=$(drun --rm "$IMG" /no/such/binary 2>&1 >/dev/null); rc=$?
  expect_eq "$rc" 127 "exit status of a missing binary (stderr: $err)"
  # --rm: every docker-*.scope is gone once the runs are over (the failed create's too).
  wait_for 0 sh -c "systemctl list-units --all --no-legend 'docker-*.scope' | wc -l"
  echo "$out"; echo "exit 42, missing binary 127, no scope left"
}
# The container lives in docker-<id>.scope, a unit of systemd's, under system.slice.
t_docker_scope() {
  c=$(cn scope)
  id=$(drun -d --name "$c" "$IMG" sleep 300) || fail "run -d failed"
  u=docker-$id.scope
  bundle=$(trace_since 0 | grep -E "(^| )create .*$id" | grep -oE -- '--bundle [^ ]+' | head -1 | cut -d' ' -f2)
  [ -n "$bundle" ] && expect_eq "$(jq -r .linux.cgroupsPath "$bundle/config.json")" "system.slice:docker:$id" "cgroupsPath"
  pid=$(docker inspect -f '{{.State.Pid}}' "$c")
  expect_eq "$(grep '^0::' /proc/"$pid"/cgroup)" "0::/system.slice/$u" "the init's cgroup"
  expect_eq "$(systemctl show -p ActiveState,Slice,Delegate,DefaultDependencies "$u" | LC_ALL=C sort | tr '\n' ' ')" \
    "ActiveState=active DefaultDependencies=no Delegate=yes Slice=system.slice " "unit properties"
  # runc says "libcontainer container ID"; the runtime's own name is accepted in its place.
  expect_match "$(unit_prop "$u" Description)" "^[a-z]+ container $id\$" "unit Description"
  expect_match "$(cat "/sys/fs/cgroup/system.slice/$u/cgroup.procs")" "^$pid\$" "the scope's processes"
  inside=$(docker exec "$c" grep '^0::' /proc/self/cgroup) || fail "exec failed"
  expect_eq "$inside" "0::/" "cgroup seen from inside (private cgroup namespace)"
  docker rm -f "$c" >/dev/null || fail "rm -f failed"
  wait_for not-found unit_prop "$u" LoadState
  [ -d "/sys/fs/cgroup/system.slice/$u" ] && fail "cgroup of $u left after rm"
  echo "scope active in system.slice, Delegate=yes; inside: $inside; after rm: not-found"
}
t_docker_exec() {
  c=$(cn exec)
  id=$(drun -d --name "$c" "$IMG" sleep 300) || fail "run -d failed"
  out=$(docker exec "$c" sh -c 'echo in the container; grep ^0:: /proc/self/cgroup') || fail "exec failed"
  expect_eq "$out" "in the container
0::/" "exec output"
  docker exec "$c" sh -c 'exit 3'; rc=$?
  expect_eq "$rc" 3 "exec exit status"
  # An exec'd process runs in the container's scope (seen from the host).
  docker exec -d "$c" sleep 200
  for i in $(seq 1 50); do [ "$(wc -l < "/sys/fs/cgroup/system.slice/docker-$id.scope/cgroup.procs")" = 2 ] && break; sleep 0.1; done
  expect_eq "$(wc -l < "/sys/fs/cgroup/system.slice/docker-$id.scope/cgroup.procs")" 2 "processes in the scope after exec -d"
  echo "$out"; echo "exit 3; exec'd process in docker-ID.scope"
}
t_docker_stop() {
  c=$(cn stop)
  id=$(drun -d --name "$c" "$IMG" sh -c 'trap "exit 7" TERM; sleep 300 & wait') || fail "run -d failed"
  sleep 0.3
  docker stop -t 10 "$c" >/dev/null || fail "stop failed"
  expect_eq "$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$c")" "exited 7" "state after stop"
  wait_for inactive unit_prop "docker-$id.scope" ActiveState
  docker start "$c" >/dev/null || fail "start after stop failed"
  expect_eq "$(unit_prop "docker-$id.scope" ActiveState)" active "scope after restart"
  docker kill "$c" >/dev/null; docker rm -f "$c" >/dev/null
  wait_for not-found unit_prop "docker-$id.scope" LoadState
  echo "exited 7; scope inactive; restarted active; removed not-found"
}
t_docker_pause() {
  c=$(cn pause)
  id=$(drun -d --name "$c" "$IMG" sleep 300) || fail "run -d failed"
  cg=/sys/fs/cgroup/system.slice/docker-$id.scope
  docker pause "$c" >/dev/null || fail "pause failed"
  expect_eq "$(docker inspect -f '{{.State.Status}}' "$c")" paused "state"
  expect_eq "$(cat "$cg/cgroup.freeze")" 1 "cgroup.freeze"
  expect_match "$(cat "$cg/cgroup.events")" 'frozen 1' "cgroup.events"
  expect_eq "$(unit_prop "docker-$id.scope" ActiveState)" active "unit while paused"
  docker unpause "$c" >/dev/null || fail "unpause failed"
  expect_eq "$(cat "$cg/cgroup.freeze")" 0 "cgroup.freeze after unpause"
  out=$(docker exec "$c" echo alive) || fail "exec after unpause failed"
  echo "paused frozen; unpaused: $out"
}
# No resource controller is delegated to this environment (the host binds them to cgroup v1), so
# dockerd discards limits with a warning; what is checked is that `update` reaches the runtime
# and succeeds against the systemd-managed container.
t_docker_update() {
  c=$(cn update)
  id=$(drun -d --name "$c" "$IMG" sleep 300) || fail "run -d failed"
  n=$(trace_lines)
  docker update --memory 128m --memory-swap 256m "$c" >/dev/null 2>&1 || fail "docker update exited $?"
  expect_match "$(trace_since "$n")" "--systemd-cgroup.* update .*$id" "the runtime's update call"
  expect_eq "$(docker inspect -f '{{.State.Status}}' "$c")" running "state after update"
  echo "update reached the runtime, container running"
}
t_docker_stats() {
  c=$(cn stats)
  drun -d --name "$c" "$IMG" sleep 300 >/dev/null || fail "run -d failed"
  out=$(docker stats --no-stream --format '{{.Name}} {{.PIDs}}' "$c") || fail "stats failed"
  expect_match "$out" "^$c [0-9]+$" "stats"
  echo "$out"
}
# --memory: dockerd discards it here (no memory controller in this cgroup2); with one (the VM)
# it becomes MemoryMax of the scope. What is checked: the container runs and the scope has no
# stale limit.
t_docker_memory() {
  c=$(cn memory)
  id=$(drun -d --name "$c" --memory 64m "$IMG" sleep 300 2>"$WORK/memory.err") || fail "run -d --memory failed: $(cat "$WORK/memory.err")"
  mm=$(unit_prop "docker-$id.scope" MemoryMax)
  if grep -q 'memory' /sys/fs/cgroup/cgroup.controllers; then
    expect_eq "$mm" 67108864 "MemoryMax of docker-ID.scope"
  else
    expect_match "$(cat "$WORK/memory.err")" 'Limitation discarded' "dockerd's warning"
    expect_eq "$mm" infinity "MemoryMax without a memory controller"
  fi
  echo "MemoryMax=$mm"
}

# ---------------------------------------------------------------- podman (cgroup_manager = "systemd")
t_podman_run() {
  n=$(trace_lines)
  out=$(prun run --rm "$IMG" echo hello from podman) || fail "podman run exited $?"
  expect_eq "$out" "hello from podman" "stdout"
  expect_match "$(trace_since "$n" | grep -m1 -E '(^| )create ')" '--systemd-cgroup' "the runtime's create arguments"
  prun run --rm "$IMG" sh -c 'exit 42'; rc=$?
  expect_eq "$rc" 42 "exit status"
  echo "$out"; echo "exit 42"
}
t_podman_scope() {
  c=$(cn pscope)
  id=$(prun run -d --name "$c" "$IMG" sleep 300) || fail "run -d failed"
  u=libpod-$id.scope
  pid=$(podman inspect -f '{{.State.Pid}}' "$c")
  expect_eq "$(grep '^0::' /proc/"$pid"/cgroup)" "0::/machine.slice/$u" "the init's cgroup"
  expect_eq "$(systemctl show -p ActiveState,Slice,Delegate "$u" | LC_ALL=C sort | tr '\n' ' ')" \
    "ActiveState=active Delegate=yes Slice=machine.slice " "unit properties"
  podman rm -f -t 0 "$c" >/dev/null || fail "rm -f failed"
  wait_for not-found unit_prop "$u" LoadState
  echo "libpod-ID.scope active in machine.slice; after rm: not-found"
}
t_podman_exec_stop() {
  c=$(cn pexec)
  id=$(prun run -d --name "$c" "$IMG" sh -c 'trap "exit 7" TERM; sleep 300 & wait') || fail "run -d failed"
  out=$(prun exec "$c" sh -c 'echo in the container; grep ^0:: /proc/self/cgroup') || fail "exec failed"
  expect_eq "$out" "in the container
0::/" "exec output"
  prun exec "$c" sh -c 'exit 3'; rc=$?
  expect_eq "$rc" 3 "exec exit status"
  prun stop -t 10 "$c" >/dev/null || fail "stop failed"
  expect_eq "$(podman inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$c")" "exited 7" "state after stop"
  wait_for inactive unit_prop "libpod-$id.scope" ActiveState
  podman rm "$c" >/dev/null || fail "rm failed"
  echo "$out"; echo "exec exit 3; stopped: exited 7"
}

# ---------------------------------------------------------------- containerd CRI (SystemdCgroup = true), as kubelet drives it
# A pod whose cgroup parent is a nested slice, as kubelet's systemd driver names them.
t_cri_pod() {
  slice=kubepods-besteffort-pode2e$RT.slice
  sliced=/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/$slice
  logs=$WORK/pods/$RT; n=$(trace_lines)
  pod=$("$CRI" runp "$RT" "e2e-pod-$RT" "$slice" "$logs") || fail "RunPodSandbox failed"
  expect_match "$(trace_since "$n" | grep -m1 -E '(^| )create ')" '--systemd-cgroup' "the runtime's create arguments"
  expect_eq "$(unit_prop "cri-containerd-$pod.scope" ActiveState) $(unit_prop "cri-containerd-$pod.scope" Slice)" "active $slice" "the sandbox's scope"
  [ -d "$sliced/cri-containerd-$pod.scope" ] || fail "no cgroup $sliced/cri-containerd-$pod.scope"
  c=$("$CRI" create "$pod" "e2e-pod-$RT" "$slice" "$logs" box "docker.io/$IMG" sh -c 'trap "exit 7" TERM; sleep 300 & wait') || fail "CreateContainer failed"
  "$CRI" start "$c" || fail "StartContainer failed"
  expect_eq "$("$CRI" status "$c")" "CONTAINER_RUNNING 0" "ContainerStatus"
  expect_eq "$(unit_prop "cri-containerd-$c.scope" ActiveState) $(unit_prop "cri-containerd-$c.scope" Slice)" "active $slice" "the container's scope"
  out=$("$CRI" exec "$c" sh -c 'echo hello from the pod; grep ^0:: /proc/self/cgroup; exit 3'); rc=$?
  expect_eq "$rc" 3 "ExecSync exit code"
  expect_eq "$out" "hello from the pod
0::/" "ExecSync stdout"
  "$CRI" stop "$c" 2 || fail "StopContainer failed"
  expect_eq "$("$CRI" status "$c")" "CONTAINER_EXITED 7" "ContainerStatus after stop"
  "$CRI" rmp "$pod" || fail "StopPodSandbox/RemovePodSandbox failed"
  wait_for not-found unit_prop "cri-containerd-$c.scope" LoadState
  wait_for not-found unit_prop "cri-containerd-$pod.scope" LoadState
  [ -d "$sliced/cri-containerd-$pod.scope" ] && fail "sandbox cgroup left"
  echo "sandbox and container in the pod's slice (nested kubepods slices); exec: $out, exit 3; stopped: exit 7; units gone"
}

# ---------------------------------------------------------------- more of the driver, through the daemons
# --cgroup-parent as a nested slice: a-b-c.slice lives at a.slice/a-b.slice/a-b-c.slice.
t_docker_nested_slice() {
  c=$(cn nested)
  id=$(drun -d --name "$c" --cgroup-parent e2e-nested-deep.slice "$IMG" sleep 300) || fail "run -d failed"
  pid=$(docker inspect -f '{{.State.Pid}}' "$c")
  expect_eq "$(grep '^0::' /proc/"$pid"/cgroup)" "0::/e2e.slice/e2e-nested.slice/e2e-nested-deep.slice/docker-$id.scope" "the init's cgroup"
  expect_eq "$(unit_prop "docker-$id.scope" Slice)" e2e-nested-deep.slice "Slice"
  docker rm -f "$c" >/dev/null
  wait_for not-found unit_prop "docker-$id.scope" LoadState
  echo "docker-ID.scope in e2e.slice/e2e-nested.slice/e2e-nested-deep.slice; removed"
}
# org.systemd.property.* annotations become properties of the unit (podman passes annotations).
t_podman_systemd_property() {
  c=$(cn pprop)
  id=$(prun run -d --name "$c" --annotation 'org.systemd.property.TimeoutStopUSec=uint64 7000000' \
       --annotation 'org.systemd.property.CollectMode='"'"'inactive-or-failed'"'" "$IMG" sleep 300) || fail "run -d failed"
  got=$(systemctl show -p TimeoutStopUSec,CollectMode "libpod-$id.scope" | LC_ALL=C sort | tr '\n' ' ')
  expect_eq "$got" "CollectMode=inactive-or-failed TimeoutStopUSec=7s " "unit properties from annotations"
  podman rm -f -t 0 "$c" >/dev/null
  echo "$got"
}
