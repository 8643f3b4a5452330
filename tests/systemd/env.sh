#!/bin/bash
# env.sh start|exec CMD...|shell|status|stop — a real systemd (PID 1, with its D-Bus) to test against.
#
#   tests/systemd/env.sh start          boots it (~3-5 s); prints its state dir
#   tests/systemd/env.sh exec CMD...    runs CMD inside (in a transient run-*.scope), stdio and exit
#                                       status passed through; a clean environment (PATH, HOME, TERM):
#                                       pass variables as `exec env NAME=VALUE CMD...`
#   tests/systemd/env.sh shell          an interactive shell inside
#   tests/systemd/env.sh status         "running <pid>" or "stopped" (exit 1)
#   tests/systemd/env.sh stop           powers it off and removes everything it made
#
# What it is: systemd as PID 1 of a private PID + mount + network + UTS + IPC + cgroup namespace.
# Its root is an overlay whose lower layer is this host's root (read only: the host's installed
# packages, systemd, dbus, docker.io, containerd, podman, runc) and whose upper layer is a tmpfs,
# so nothing is ever written to the host's root. Its cgroup is a child of the host's cgroup2
# hierarchy (/sys/fs/cgroup/unified on this hybrid host; never a v1 hierarchy), namespaced, so
# systemd sees a writable cgroup2 root of its own. /run, /tmp, /var/lib/{docker,containerd,
# containers} are tmpfs; the repository is bind-mounted read-only at the same path, so
# bin/ocirt runs inside as $REPO/bin/ocirt. $DIR/shared on the host is /var/tmp/ocirt-env inside
# (results, logs). The network namespace has only `lo`.
#
# Env: OCIRT_SYSTEMD_DIR — the state dir (default /tmp/ocirt-systemd.<repo dir name>, so two
# worktrees get two environments); OCIRT_SYSTEMD_TMPFS — size of the writable layer (default 6g).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DIR=${OCIRT_SYSTEMD_DIR:-/tmp/ocirt-systemd.$(basename "$REPO")}
NAME=ocirt-systemd-$(basename "$DIR" | tr -c 'A-Za-z0-9_\n-' '_')

die() { echo "env.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
# The host's cgroup2 mount: /sys/fs/cgroup on a pure v2 host, /sys/fs/cgroup/unified on a hybrid one.
CG2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
[ -n "$CG2" ] || die "no cgroup2 hierarchy mounted on this host"
CG=$CG2/$NAME

pid1() {   # the host PID of the environment's systemd, if it runs
  local p
  local lp; lp=$(cat "$DIR/launcher.pid" 2>/dev/null) || return 1
  p=$(cat /proc/"$lp"/task/"$lp"/children 2>/dev/null | awk '{print $1}')
  [ -n "$p" ] && [ "$(cat /proc/"$p"/comm 2>/dev/null)" = systemd ] || return 1
  echo "$p"
}

# Runs CMD in the environment: joins its namespaces and root, first moving itself into the
# environment's cgroup tree (init.scope) so that systemd may move it on into a scope of its own.
enter() {
  local p; p=$(pid1) || die "not running (tests/systemd/env.sh start)"
  exec sh -c 'echo $$ > "$1/init.scope/cgroup.procs" && shift && exec "$@"' sh "$CG" \
    nsenter -t "$p" -m -u -i -n -p -C -r -w \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM="${TERM:-dumb}" \
    systemd-run --scope --quiet --collect -- "$@"
}

start() {
  pid1 >/dev/null && die "already running (pid $(pid1)); tests/systemd/env.sh stop first"
  [ -e "$DIR" ] && die "$DIR exists (a previous environment not stopped? tests/systemd/env.sh stop)"
  [ -x /lib/systemd/systemd ] && command -v dbus-daemon >/dev/null || die "needs the systemd and dbus packages (installed as files only; make systemd-deps)"
  mkdir -p "$DIR" && chmod 755 "$DIR"
  mkdir "$CG" || die "cannot create cgroup $CG"
  setsid "$HERE/boot.sh" "$DIR" "$CG" "$REPO" > "$DIR/console.log" 2>&1 < /dev/null &
  echo $! > "$DIR/launcher.pid"
  # Wait for systemd to come up and for its bus to answer.
  local i
  for i in $(seq 1 300); do
    if p=$(pid1); then
      st=$("$0" exec systemctl is-system-running 2>/dev/null)
      case "$st" in running|degraded) echo "$DIR"; return 0;; esac
    fi
    kill -0 "$(cat "$DIR/launcher.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "env.sh: systemd did not come up (state '${st:-}'); console:" >&2
  tail -30 "$DIR/console.log" >&2
  stop; exit 1
}

stop() {
  local p lp i
  if p=$(pid1); then
    kill -s SIGRTMIN+4 "$p" 2>/dev/null    # systemd in a container: poweroff
    for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null             # PID 1 of its namespace: takes every process in it along
  fi
  lp=$(cat "$DIR/launcher.pid" 2>/dev/null)
  if [ -n "$lp" ]; then
    for i in $(seq 1 50); do kill -0 "$lp" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$lp" 2>/dev/null
  fi
  # The mounts lived in the environment's mount namespace, gone with its last process. The
  # cgroups systemd made are empty now: remove them, deepest first.
  if [ -d "$CG" ]; then
    for i in $(seq 1 50); do
      find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
      [ -d "$CG" ] || break; sleep 0.1
    done
    [ -d "$CG" ] && echo "env.sh: cgroup $CG not removed: $(cat "$CG/cgroup.procs" 2>/dev/null | tr '\n' ' ')" >&2
  fi
  grep -qF "$DIR" /proc/self/mountinfo && echo "env.sh: mounts under $DIR remain" >&2
  if [ -n "${KEEP_TMP:-}" ]; then echo "env.sh: kept $DIR" >&2; else rm -rf "$DIR"; fi
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  exec) shift; [ $# -gt 0 ] || die "exec needs a command"; enter "$@" ;;
  shell) enter /bin/bash -l ;;
  status) if p=$(pid1); then echo "running $p"; else echo stopped; exit 1; fi ;;
  *) echo "usage: $0 start|exec CMD...|shell|status|stop" >&2; exit 2 ;;
esac
