#!/bin/bash
# End to end with a real systemd: dockerd, podman and containerd (CRI) as systemd hosts configure
# them, driving ocirt and runc with --systemd-cgroup.
#
#   tests/systemd/run.sh [SCENARIO...]     (root; `make test-systemd` builds bin/ocirt first)
#
# Boots the environment (env.sh: systemd as PID 1 of private namespaces), runs inner.sh inside it,
# stops it and checks that nothing is left (processes, mounts, cgroups, the state dir).
# Env: OCIRT_BIN (default bin/ocirt), RUNTIMES ("runc ocirt"), KEEP_TMP=1 (keep the logs).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "test-systemd: must run as root" >&2; exit 2; }
OCIRT_BIN=$(readlink -f "${OCIRT_BIN:-$REPO/bin/ocirt}")
[ -x "$OCIRT_BIN" ] || { echo "test-systemd: $OCIRT_BIN not built (make)" >&2; exit 2; }
case "$OCIRT_BIN" in "$REPO"/*) ;; *) echo "test-systemd: OCIRT_BIN must be inside $REPO (only the repository is visible in the environment)" >&2; exit 2;; esac

"$HERE/deps.sh" || exit 2

export OCIRT_SYSTEMD_DIR=$(mktemp -u /tmp/ocirt-systemd-e2e.XXXXXX)
E=$HERE/env.sh
start=$(date +%s%N)
"$E" start >/dev/null || { echo "test-systemd: the systemd environment did not start"; exit 2; }
boot_ms=$(( ($(date +%s%N) - start) / 1000000 ))
stop_env() {
  if [ -n "${KEEP_TMP:-}" ] || [ "${rc:-1}" != 0 ]; then
    "$E" exec sh -c 'journalctl --no-pager > /var/tmp/ocirt-env/e2e/journal.log' 2>/dev/null
    logs=/tmp/ocirt-systemd-logs.$$; rm -rf "$logs"; cp -r "$OCIRT_SYSTEMD_DIR/shared/e2e" "$logs" 2>/dev/null && echo "test-systemd: logs in $logs"
  fi
  KEEP_TMP= "$E" stop
}
trap 'stop_env' EXIT
trap 'exit 130' INT TERM
echo "systemd environment up in $boot_ms ms ($OCIRT_SYSTEMD_DIR)"

"$E" exec env OCIRT_BIN="$OCIRT_BIN" HERE="$HERE" WORK=/var/tmp/ocirt-env/e2e RUNTIMES="${RUNTIMES:-runc ocirt}" \
  "$HERE/inner.sh" "$@"
rc=$?
# Startup time, systemd driver vs cgroupfs (only on a full run).
if [ $# = 0 ]; then
  echo "startup time in this environment (run of /bin/true):"
  "$E" exec env OCIRT_BIN="$OCIRT_BIN" WORK=/var/tmp/ocirt-env/bench "$HERE/startup-bench.sh" 20 || rc=1
fi
stop_env; trap - EXIT

# ---- leftovers (host side, after the environment is gone)
left=""
procs=$(ps -eo pid,args | grep -F "$OCIRT_SYSTEMD_DIR" | grep -v grep)
[ -z "$procs" ] || left="$left\n  processes: $procs"
grep -qF "$OCIRT_SYSTEMD_DIR" /proc/self/mountinfo && left="$left\n  mounts: $(grep -F "$OCIRT_SYSTEMD_DIR" /proc/self/mountinfo)"
[ -e "$OCIRT_SYSTEMD_DIR" ] && left="$left\n  state dir: $OCIRT_SYSTEMD_DIR"
cg2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
cg=$cg2/ocirt-systemd-$(basename "$OCIRT_SYSTEMD_DIR" | tr -c 'A-Za-z0-9_\n-' '_')   # as env.sh names it
[ -d "$cg" ] && left="$left\n  cgroup: $cg"
if [ -n "$left" ]; then echo -e "LEFTOVERS:$left"; [ $rc = 0 ] && rc=1
else echo "leftovers: none (no processes, mounts, cgroup or state dir of the environment)"; fi
printf 'wall time: %.1f s\n' "$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)"
exit $rc
