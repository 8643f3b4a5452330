#!/bin/bash
# Runs as PID 1 of the private mount+net+pid namespace made by run.sh. Starts containerd and
# dockerd with all state under $TMP, runs the scenarios, and tears everything down on exit.
set -u
cd "$TMP"
HERE=${HERE:?}
export CGPARENT=ocirt-e2e-${TMP##*.}
log() { echo "[$(date +%T)] $*" >> "$TMP/driver.log"; }

mount --make-rprivate /
umount -R /sys/fs/cgroup 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup || { echo "cannot mount cgroup2"; exit 2; }
mount -t tmpfs -o mode=755 tmpfs /run              # shim sockets: /run/containerd/s/...
mkdir -p /etc/docker && mount -t tmpfs tmpfs /etc/docker   # dockerd writes key.json there
ip link set lo up

mkdir -p "$TMP"/{containerd/root,containerd/state,containerd/opt,docker/data,docker/exec,cli,vol}
cat > "$TMP/containerd/config.toml" <<TOML
version = 2
root = "$TMP/containerd/root"
state = "$TMP/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$TMP/containerd/containerd.sock"
[ttrpc]
  address = "$TMP/containerd/containerd.sock.ttrpc"
[debug]
  address = "$TMP/containerd/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$TMP/containerd/opt"
TOML

# The runtime under test, optionally through a wrapper that logs every call.
OCIRT_RT=$OCIRT_BIN
if [ -n "${TRACE:-}" ]; then
  cat > "$TMP/ocirt-trace" <<SH
#!/bin/sh
echo "\$\$ \$*" >> $TMP/trace.log
"$OCIRT_BIN" "\$@"; rc=\$?
echo "\$\$ rc=\$rc" >> $TMP/trace.log
exit \$rc
SH
  chmod +x "$TMP/ocirt-trace"; OCIRT_RT=$TMP/ocirt-trace
fi
export OCIRT_RT

CTRD_PID= DOCKERD_PID=
teardown() {
  log "teardown"
  if [ -n "$DOCKERD_PID" ]; then
    ids=$(timeout 20 docker ps -aq 2>/dev/null)
    [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    for i in $(seq 1 100); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DOCKERD_PID" 2>/dev/null
  fi
  if [ -n "$CTRD_PID" ]; then
    # ctr-made tasks/containers (namespace ocirt-e2e) are removed by the ctr scenario itself.
    kill -TERM "$CTRD_PID" 2>/dev/null
    for i in $(seq 1 100); do kill -0 "$CTRD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CTRD_PID" 2>/dev/null
  fi
  # Shims outlive containerd by design: end them by pid (all processes here are ours).
  for p in $(pgrep -f containerd-shim); do kill -KILL "$p" 2>/dev/null; done
  # Anything else still alive in this PID namespace is ours (orphaned container processes).
  kill -KILL -1 2>/dev/null; sleep 0.2
  wait 2>/dev/null
  # Empty cgroups this run created in the (shared) unified hierarchy.
  for d in "/sys/fs/cgroup/$CGPARENT" /sys/fs/cgroup/ocirt-e2e; do
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  umount -l "$TMP/docker/data/overlay2" 2>/dev/null
  for m in $(awk -v t="$TMP" 'index($5,t)==1 {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m" 2>/dev/null; done
}
trap teardown EXIT
trap 'exit 130' INT TERM

log "starting containerd"
containerd --config "$TMP/containerd/config.toml" > "$TMP/containerd.log" 2>&1 &
CTRD_PID=$!
for i in $(seq 1 100); do [ -S "$TMP/containerd/containerd.sock" ] && break; sleep 0.1; done
[ -S "$TMP/containerd/containerd.sock" ] || { echo "containerd did not start:"; tail -20 "$TMP/containerd.log"; exit 2; }

echo "{}" > "$TMP/daemon.json"
log "starting dockerd"
dockerd --data-root "$TMP/docker/data" --exec-root "$TMP/docker/exec" --pidfile "$TMP/docker/docker.pid" \
  -H "unix://$TMP/docker.sock" --containerd "$TMP/containerd/containerd.sock" \
  --add-runtime "ocirt=$OCIRT_RT" --cgroup-parent "/$CGPARENT" --storage-driver overlay2 \
  --config-file "$TMP/daemon.json" > "$TMP/dockerd.log" 2>&1 &
DOCKERD_PID=$!
export DOCKER_HOST=unix://$TMP/docker.sock DOCKER_CONFIG=$TMP/cli
export PATH=/usr/bin:/usr/sbin:/bin:/sbin:$PATH   # Debian's docker 20.10 client, not /usr/local/bin
for i in $(seq 1 300); do docker version >/dev/null 2>&1 && break; kill -0 $DOCKERD_PID 2>/dev/null || break; sleep 0.1; done
docker version >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -20 "$TMP/dockerd.log"; exit 2; }
log "daemons up"

# The busybox image: /bin/busybox plus every applet as a symlink.
mkdir -p "$TMP/rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,home/user,proc,sys,dev,www}
cp /bin/busybox "$TMP/rootfs/bin/busybox"
for a in $(/bin/busybox --list-full); do [ -e "$TMP/rootfs/$a" ] || ln -s /bin/busybox "$TMP/rootfs/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$TMP/rootfs/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n' > "$TMP/rootfs/etc/group"
echo 'not a program' > "$TMP/rootfs/etc/noexec.txt"; chmod 644 "$TMP/rootfs/etc/noexec.txt"
chmod 1777 "$TMP/rootfs/tmp"
tar -C "$TMP/rootfs" -cf "$TMP/rootfs.tar" .
docker import -c 'CMD ["sh"]' "$TMP/rootfs.tar" ocirt-e2e/busybox:latest >/dev/null || { echo "docker import failed"; exit 2; }
export IMG=ocirt-e2e/busybox:latest

"$HERE/driver.sh" "$@"
