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
# dockerd (its default cgroup driver here: systemd) with both runtimes: `docker run --memory`
# becomes MemoryMax of docker-<id>.scope and is enforced.
mount -t tmpfs -o size=512m tmpfs /var/lib/docker 2>/dev/null || { mkdir -p /var/lib/docker && mount -t tmpfs -o size=512m tmpfs /var/lib/docker; }
mkdir -p /etc/docker
echo "{\"runtimes\": {\"ocirt\": {\"path\": \"$OCIRT_BIN\"}}}" > /etc/docker/daemon.json
if systemctl start containerd docker; then
  tar -C $B/rootfs -cf /tmp/rootfs.tar . && docker import /tmp/rootfs.tar vm/busybox >/dev/null || echo "FAIL docker import"
  echo "INFO docker cgroup driver: $(docker info -f '{{.CgroupDriver}} {{.CgroupVersion}}')"
  for rt in runc ocirt; do
    id=$(docker run -d --runtime $rt --memory 64m vm/busybox sleep 600 2>/tmp/err)
    mm=$(systemctl show -p MemoryMax --value docker-$id.scope 2>/dev/null)
    [ -n "$id" ] && [ "$mm" = 67108864 ] && echo "PASS $rt docker_memory: MemoryMax of docker-ID.scope=$mm" || echo "FAIL $rt docker_memory: MemoryMax='$mm' $(tail -c 300 /tmp/err)"
    docker rm -f "$id" >/dev/null 2>&1
    docker run --rm --runtime $rt --memory 32m --memory-swap 32m vm/busybox sh -c 'tail /dev/zero' >/dev/null 2>&1; rc=$?
    [ $rc = 137 ] && echo "PASS $rt docker_oom: exit $rc" || echo "FAIL $rt docker_oom: exit $rc"
  done
else echo "FAIL dockerd: did not start: $(journalctl -u docker -n 5 --no-pager | tr '\n' '|')"; fi
echo VM-DONE
