#!/bin/bash
# startup-bench.sh [N] — inside the systemd environment: mean wall time of `RUNTIME run` of
# /bin/true on a busybox bundle, with the systemd cgroup driver (a transient scope per run,
# made over D-Bus) and with the cgroupfs driver, for ocirt and runc. Prints a markdown table.
# Env: OCIRT_BIN, WORK.
set -u
N=${1:-30}
B=$WORK/bench-bundle
mkdir -p "$B/rootfs/bin"
cp /bin/busybox "$B/rootfs/bin/"; ln -sf busybox "$B/rootfs/bin/true"; ln -sf busybox "$B/rootfs/bin/sh"
(cd "$B" && runc spec && jq '.process.terminal = false | .process.args = ["/bin/true"]' config.json > c && mv c config.json)
cp "$B/config.json" "$B/config.base.json"

# mean_ms RUNTIME DRIVER: N runs, each with its own id and cgroup.
mean_ms() {
  local rt=$1 drv=$2 i t0 total=0 flag="" path
  for i in $(seq 1 "$N"); do
    if [ "$drv" = systemd ]; then flag=--systemd-cgroup path="system.slice:ocirt-bench:$drv-$i"
    else flag="" path="/ocirt-bench/$drv-$i"; fi
    jq --arg p "$path" '.linux.cgroupsPath = $p' "$B/config.base.json" > "$B/config.json"
    t0=$(date +%s%N)
    (cd "$B" && "$rt" --root "$WORK/bench-root" $flag run "b$i" >/dev/null 2>"$WORK/bench.err") || { echo "FAIL: $rt $drv run $i: $(cat "$WORK/bench.err")" >&2; return 1; }
    total=$(( total + $(date +%s%N) - t0 ))
  done
  rmdir /sys/fs/cgroup/ocirt-bench 2>/dev/null
  echo "$(( total / N / 1000000 )).$(( total / N / 100000 % 10 ))"
}
echo "| runtime | systemd driver | cgroupfs | mean of $N runs of /bin/true, ms |"
echo "|---|---|---|---|"
rc=0
for rt in "$OCIRT_BIN" /usr/sbin/runc; do
  s=$(mean_ms "$rt" systemd) || rc=1
  c=$(mean_ms "$rt" cgroupfs) || rc=1
  echo "| $(basename "$rt") | $s | $c | |"
done
exit $rc
