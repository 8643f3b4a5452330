#!/bin/sh
# Runs inside the VM (PID 1 after switch_root): full cgroup v2, real limits. One PASS/FAIL line per check.
export PATH=/bin
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
T=/ocirt-vm/tests
CG=/sys/fs/cgroup/ocirt-vm
O="ocirt --root /run/ocirt"
echo "INFO controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; }
check() { # NAME CONDITION-RESULT DETAIL
  if [ "$2" = 0 ]; then pass "$1: $3"; else fail "$1: $3"; fi
}
val() { cat "$1" 2>/dev/null | head -n 1; }
kv() { grep "^$2 " "$1" 2>/dev/null | sed 's/.* //'; }
wait_stopped() { i=0; while [ $i -lt 300 ]; do $O state "$1" 2>/dev/null | grep -q '"status": "stopped"' && return 0; sleep 0.2; i=$((i+1)); done; return 1; }

# 1. memory.max: an allocating process is OOM-killed; memory.events counts it; `events` reports it.
$O create -b $T/oom oom 2>/tmp/err; rc=$?
if [ $rc = 0 ]; then
  $O events --interval 1s oom > /tmp/oom-events 2>&1 &
  ev=$!
  $O start oom
  wait_stopped oom
  wait $ev
  kills=$(kv $CG/oom/memory.events oom_kill)
  [ "${kills:-0}" -ge 1 ] && grep -q '"type":"oom"' /tmp/oom-events; check memory-oom $? "memory.max=$(val $CG/oom/memory.max) oom_kill=$kills events: $(grep -c '"type":"oom"' /tmp/oom-events) oom line(s)"
  $O delete -f oom
else fail "memory-oom: create failed: $(cat /tmp/err)"; fi

# 2. pids.max: forks beyond the limit fail.
$O run -d -b $T/pids pids > /tmp/pids-out 2>&1
sleep 3
cur=$(val $CG/pids/pids.current); max=$(val $CG/pids/pids.max); hits=$(kv $CG/pids/pids.events max)
[ "$max" = 10 ] && [ "${cur:-99}" -le 10 ] && [ "${hits:-0}" -ge 1 ]; check pids-max $? "pids.max=$max pids.current=$cur pids.events max=$hits"
$O delete -f pids

# 3. cpu.max throttles a busy loop (cpu.stat), shares → cpu.weight, cpus → cpuset.cpus.
$O run -d -b $T/cpu cpu
sleep 3
thr=$(kv $CG/cpu/cpu.stat nr_throttled); usage=$(kv $CG/cpu/cpu.stat usage_usec)
[ "$(val $CG/cpu/cpu.max)" = "10000 100000" ] && [ "${thr:-0}" -ge 1 ]; check cpu-max $? "cpu.max=$(val $CG/cpu/cpu.max) nr_throttled=$thr usage_usec=$usage"
inside=$($O exec cpu grep Cpus_allowed_list /proc/self/status | sed 's/.*:[[:space:]]*//')
[ "$(val $CG/cpu/cpu.weight)" = 39 ] && [ "$(val $CG/cpu/cpuset.cpus)" = 1 ] && [ "$inside" = 1 ]
check cpu-weight-cpuset $? "cpu.weight=$(val $CG/cpu/cpu.weight) cpuset.cpus=$(val $CG/cpu/cpuset.cpus) Cpus_allowed_list inside=$inside (of $(cat /sys/devices/system/cpu/online))"
$O events --stats cpu > /tmp/cpu-stats 2>&1
grep -q '"throttledPeriods":[1-9]' /tmp/cpu-stats; check events-stats $? "$(head -c 200 /tmp/cpu-stats)"
$O delete -f cpu

# 4. update raises limits live and persists them.
$O run -d -b $T/update update
before="pids.max=$(val $CG/update/pids.max) memory.max=$(val $CG/update/memory.max)"
$O update --pids-limit 50 --memory 128m update 2>/tmp/err
after="pids.max=$(val $CG/update/pids.max) memory.max=$(val $CG/update/memory.max)"
[ "$after" = "pids.max=50 memory.max=134217728" ]; check update-flags $? "$before -> $after $(cat /tmp/err)"
echo '{"memory":{"limit":268435456},"cpu":{"quota":20000,"period":100000}}' | $O update --resources - update 2>/tmp/err
[ "$(val $CG/update/memory.max)" = 268435456 ] && [ "$(val $CG/update/cpu.max)" = "20000 100000" ] && grep -q 268435456 /run/ocirt/update/config.json
check update-resources-stdin $? "memory.max=$(val $CG/update/memory.max) cpu.max=$(val $CG/update/cpu.max) $(cat /tmp/err)"
$O update --memory 1m update 2>/dev/null
echo '{"memory":{"limit":4096,"checkBeforeUpdate":true}}' | $O update -r - update 2>/tmp/err; rc=$?
[ $rc = 1 ] && grep -q 'rejecting memory limit' /tmp/err; check update-check-before-update $? "$(cat /tmp/err)"
$O delete -f update

# 5. a 512 KiB memory.max (crun's published floor) runs /bin/true: with a limit that small the init is born
# outside and joins the cgroup after its setup, so its runtime is not charged to the container.
$O create -b $T/update measure && echo "INFO parked init born in the cgroup (64M limit): memory.current=$(val $CG/update/memory.current) anon=$(kv $CG/update/memory.stat anon) kernel=$(kv $CG/update/memory.stat kernel)"
$O delete -f measure
$O create -b $T/tiny tinyparked && echo "INFO parked init joined after setup (512K limit): memory.current=$(val $CG/tiny/memory.current) anon=$(kv $CG/tiny/memory.stat anon) kernel=$(kv $CG/tiny/memory.stat kernel)"
$O delete -f tinyparked
$O run -b $T/tiny tiny > /tmp/tiny-out 2>&1; rc=$?
[ $rc = 0 ] && [ ! -e $CG/tiny ] && [ ! -e /run/ocirt/tiny ]
check memory-512k-runs-true $? "exit $rc $(head -c 300 /tmp/tiny-out)"
# Joining late must not change the container's view: cgroup namespace rooted at its cgroup, its own memory.max.
out=$($O run -b $T/tinyview tinyview 2>&1); rc=$?
[ $rc = 0 ] && [ "$(echo "$out" | tr '\n' ' ')" = "0::/ 524288 " ]
check memory-512k-view $? "exit $rc: $(echo "$out" | tr '\n' ' ' | head -c 200)"
# Smallest memory.max under which /bin/true still runs (halving from 512 KiB).
floor=524288; lim=524288
while [ $lim -ge 16384 ]; do
  lim=$((lim / 2))
  sed "s/524288/$lim/" $T/tiny/config.json > /tmp/floor.json && mkdir -p /tmp/floor && cp /tmp/floor.json /tmp/floor/config.json
  $O run -b /tmp/floor floor >/tmp/floor-out 2>&1 || { echo "INFO memory.max=$lim: exit $? $(head -c 300 /tmp/floor-out)"; break; }
  floor=$lim
done
echo "INFO smallest memory.max (halving) under which /bin/true ran: $floor bytes"
$O delete -f floor 2>/dev/null
# exec into a container with a 1 MiB limit
$O run -d -b $T/tinyexec tinyexec >/dev/null 2>&1
$O exec tinyexec true; rc=$?
check memory-1m-exec $rc "exec true exit $rc, memory.current=$(val $CG/tinyexec/memory.current)"
$O delete -f tinyexec

# 7. io.max from blockIO throttles a real block device (a brd ram disk): 2 MiB read at 1 MiB/s.
dev=$(cat /sys/block/ram0/dev 2>/dev/null)
if [ -n "$dev" ]; then
  mkdir -p /tmp/io && sed "s/9999/${dev%:*}/g; s/9998/${dev#*:}/g" $T/io/config.json > /tmp/io/config.json
  $O create -b /tmp/io io 2>/tmp/err
  iomax=$(val $CG/io/io.max)
  t0=$(date +%s); $O start io; wait_stopped io; t1=$(date +%s)
  rbytes=$(sed -n 's/.*rbytes=\([0-9]*\).*/\1/p' $CG/io/io.stat)
  [ "$iomax" = "$dev rbps=1048576 wbps=max riops=max wiops=100" ] && [ "${rbytes:-0}" -ge 2097152 ] && [ $((t1 - t0)) -ge 1 ]
  check io-max $? "io.max=$iomax io.stat rbytes=$rbytes read took $((t1 - t0)) s $(cat /tmp/err)"
  $O delete -f io
else fail "io-max: no /dev/ram0 in the VM (brd.ko missing?)"; fi

# 8. pause freezes every process (cgroup.freeze, cgroup.events frozen 1), resume thaws them.
$O run -d -b $T/freeze freeze
sleep 1
$O pause freeze
frozen=$(kv $CG/freeze/cgroup.events frozen); c1=$(cat /ocirt-vm/rootfs/tmp/freeze-count); sleep 1; c2=$(cat /ocirt-vm/rootfs/tmp/freeze-count)
status=$($O state freeze | grep -o '"status": "[a-z]*"')
$O resume freeze; sleep 1; c3=$(cat /ocirt-vm/rootfs/tmp/freeze-count)
[ "$frozen" = 1 ] && [ "$c1" = "$c2" ] && [ "$c3" -gt "$c2" ] && [ "$status" = '"status": "paused"' ]
check freeze-thaw $? "frozen=$frozen $status counter paused $c1 -> $c2, resumed -> $c3"
$O delete -f freeze

# 6. device filter with real mknod: reading c 1:1 is denied, /dev/null works
out=$($O run -b $T/devices devices 2>&1)
echo "$out" | grep -q 'rc=1' && echo "$out" | grep -q 'Operation not permitted'; check devices-deny $? "$(echo $out | head -c 200)"

leftover=$(ls -d $CG/*/ 2>/dev/null; ls /run/ocirt 2>/dev/null)
[ -z "$leftover" ]; check no-leftovers $? "${leftover:-none}"
echo VM-TESTS-DONE
poweroff -f
