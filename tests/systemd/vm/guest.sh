#!/bin/sh
# guest.sh — in the VM, under systemd (PID 1) with full cgroup v2: a memory limit through the
# systemd driver, for runc and ocirt. One PASS/FAIL line per check.
B=/tmp/bundle
mkdir -p $B/rootfs/bin && cp /bin/busybox $B/rootfs/bin/ && for a in sh tail sleep cat; do ln -sf busybox $B/rootfs/bin/$a; done
cd $B && runc spec
echo "INFO controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
for rt in /usr/sbin/runc "$OCIRT_BIN"; do
  n=$(basename $rt)
  jq '.process.terminal=false | .process.args=["sleep","600"] | .linux.cgroupsPath="system.slice:vm:'$n'" | .linux.resources.memory={"limit":33554432,"swap":33554432}' $B/config.json > $B/c && cp $B/c $B/config.run
  cp $B/config.run $B/config.json
  if $rt --root /run/vm-$n --systemd-cgroup run -d m-$n > /tmp/err 2>&1; then
    mm=$(systemctl show -p MemoryMax --value vm-$n.scope); f=$(cat /sys/fs/cgroup/system.slice/vm-$n.scope/memory.max)
    [ "$mm $f" = "33554432 33554432" ] && echo "PASS $n memory_limit: MemoryMax=$mm memory.max=$f" || echo "FAIL $n memory_limit: MemoryMax=$mm memory.max=$f"
    # update: the unit property (SetUnitProperties) and the file.
    if $rt --root /run/vm-$n --systemd-cgroup update --memory 67108864 --memory-swap 67108864 m-$n > /tmp/err 2>&1; then
      mm=$(systemctl show -p MemoryMax --value vm-$n.scope); f=$(cat /sys/fs/cgroup/system.slice/vm-$n.scope/memory.max)
      [ "$mm $f" = "67108864 67108864" ] && echo "PASS $n memory_update: MemoryMax=$mm memory.max=$f" || echo "FAIL $n memory_update: MemoryMax=$mm memory.max=$f"
    else echo "FAIL $n memory_update: $(cat /tmp/err)"; fi
    $rt --root /run/vm-$n --systemd-cgroup delete -f m-$n
    st=$(systemctl show -p LoadState --value vm-$n.scope)
    [ "$st" = not-found ] && [ ! -d /sys/fs/cgroup/system.slice/vm-$n.scope ] && echo "PASS $n delete: unit and cgroup gone" || echo "FAIL $n delete: LoadState=$st"
  else echo "FAIL $n memory_limit: $(cat /tmp/err)"; fi
  jq '.process.args=["sh","-c","tail /dev/zero"] | .linux.cgroupsPath="system.slice:vm:oom-'$n'"' $B/config.run > $B/config.json
  $rt --root /run/vm-$n --systemd-cgroup run o-$n > /tmp/err 2>&1; rc=$?
  [ $rc = 137 ] && echo "PASS $n oom_kill: exit $rc" || echo "FAIL $n oom_kill: exit $rc $(tail -c 300 /tmp/err)"
  $rt --root /run/vm-$n --systemd-cgroup delete -f o-$n 2>/dev/null
done
echo VM-DONE
