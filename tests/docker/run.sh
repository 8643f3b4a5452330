#!/bin/bash
# End-to-end suite: real dockerd + containerd driving ocirt (and runc, for comparison).
#
#   tests/docker/run.sh [SCENARIO...]      (root; `make test-docker` builds bin/ocirt first)
#
# Everything runs inside a private mount + network + PID namespace (unshare -m -n -p -f):
# cgroup2 is mounted over /sys/fs/cgroup there (the host's v1 hierarchies are never touched),
# /run and /etc/docker are tmpfs there (containerd's shim sockets live under /run/containerd),
# dockerd's bridge and iptables rules exist only in that network namespace, and every daemon,
# shim and container dies with the namespace's init. All state lives in one temp dir, removed
# on exit. Output: one `PASS name` / `FAIL name: reason` line per scenario, then a summary.
# Exit status: non-zero when a scenario fails that is not in KNOWN_FAILURES (scenarios.sh).
#
# Env: OCIRT_BIN (default bin/ocirt), KEEP_TMP=1 (keep the temp dir), TRACE=1 (log every
# runtime call to $TMP/trace.log through a wrapper script), RUNTIMES="runc ocirt".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

if [ "${1:-}" = "--inner" ]; then shift; exec "$HERE/inner.sh" "$@"; fi

[ "$(id -u)" = 0 ] || { echo "test-docker: must run as root" >&2; exit 2; }
OCIRT_BIN=$(readlink -f "${OCIRT_BIN:-$REPO/bin/ocirt}")
[ -x "$OCIRT_BIN" ] || { echo "test-docker: $OCIRT_BIN not built (make)" >&2; exit 2; }

# Debian packages, installed only when missing (no service is started: see policy-rc.d below).
missing=""
for p in docker.io:/usr/sbin/dockerd containerd:/usr/bin/containerd busybox-static:/bin/busybox \
         runc:/usr/sbin/runc jq:/usr/bin/jq iptables:/usr/sbin/iptables; do
  [ -e "${p#*:}" ] || missing="$missing ${p%%:*}"
done
if [ -n "$missing" ]; then
  echo "test-docker: installing:$missing"
  # Never let the package start dockerd/containerd on the host.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  rc=$?
  [ -n "${added_policy:-}" ] && rm -f /usr/sbin/policy-rc.d
  [ $rc = 0 ] || { echo "test-docker: apt-get install failed" >&2; exit 2; }
fi

TMP=$(mktemp -d /tmp/ocirt-docker.XXXXXX)
chmod 755 "$TMP"
export TMP OCIRT_BIN REPO HERE
host_links_before=$(ip -o link | awk -F': ' '{print $2}' | sort)

start=$(date +%s.%N)
unshare -m -n -p -f --propagation private --mount-proc "$HERE/inner.sh" "$@"
rc=$?
wall=$(echo "$(date +%s.%N) - $start" | bc)

# ---- leftovers check (host side, after the namespace is gone) ----
left=""
sleep 0.5
procs=$(ps -eo pid,args | grep -F "$TMP" | grep -v grep)
[ -z "$procs" ] || left="$left\n  processes: $procs"
mnts=$(grep -F "$TMP" /proc/self/mountinfo)
[ -z "$mnts" ] || left="$left\n  mounts: $mnts"
host_links_after=$(ip -o link | awk -F': ' '{print $2}' | sort)
[ "$host_links_before" = "$host_links_after" ] || left="$left\n  host links changed: $(echo $host_links_after)"
for d in /run/containerd /var/lib/docker /var/lib/containerd /run/docker /var/run/docker.sock /etc/docker/key.json /opt/containerd; do
  [ -e "$d" ] && left="$left\n  exists on host: $d"
done
ls -d /run/ocirt* >/dev/null 2>&1 && left="$left\n  exists on host: $(ls -d /run/ocirt*)"
# The suite's cgroups live in the shared cgroup2 hierarchy (/sys/fs/cgroup/unified on this hybrid
# host; never a v1 hierarchy). The namespace's teardown removes them; if it was killed before,
# remove the empty directories here, and report any that remain.
cg2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
for d in "$cg2/ocirt-e2e-${TMP##*.}" "$cg2/ocirt-e2e"; do
  [ -n "$cg2" ] && [ -d "$d" ] || continue
  find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
  [ -d "$d" ] && left="$left\n  cgroup left: $d"
done
if [ -n "${KEEP_TMP:-}" ]; then echo "test-docker: kept $TMP"; else rm -rf "$TMP"; fi
[ -e "$TMP" ] && [ -z "${KEEP_TMP:-}" ] && left="$left\n  temp dir not removed: $TMP"
if [ -n "$left" ]; then
  echo -e "LEFTOVERS:$left"; [ $rc = 0 ] && rc=1
else
  echo "leftovers: none (no daemon/shim processes, no mounts, host links unchanged, no /run/containerd, /var/lib/docker, /run/ocirt*)"
fi
printf 'wall time: %.1f s\n' "$wall"
exit $rc
