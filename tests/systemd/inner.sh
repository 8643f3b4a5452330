#!/bin/bash
# inner.sh — runs inside the systemd environment (env.sh exec), started by run.sh. Configures the
# daemons as a real host has them (dockerd's default cgroup driver on a systemd + cgroup v2 host
# is systemd; podman cgroup_manager = "systemd"; containerd SystemdCgroup = true), starts them as
# systemd units, makes the busybox image, then runs the scenarios (driver.sh).
#
# Env (from run.sh): OCIRT_BIN, HERE, WORK (a dir under /tmp, the environment's own tmpfs).
set -u
: "${OCIRT_BIN:?}" "${HERE:?}" "${WORK:?}"
mkdir -p "$WORK" && cd "$WORK"
log() { echo "[$(date +%T)] $*" >> "$WORK/inner.log"; }

# Every runtime call goes through a wrapper that logs its arguments (the suite checks that the
# daemons pass --systemd-cgroup and a slice:prefix:name path) and then executes the runtime.
# One adaptation to this host, the same for both runtimes: containerd gives every pod sandbox
# cpu shares 2, but the cpu controller is bound to cgroup v1 here, so no runtime could write
# cpu.weight; the wrapper drops linux.resources.cpu from such a bundle (logged in adapted.log).
has_cpu=$(grep -qw cpu /sys/fs/cgroup/cgroup.controllers && echo 1)
for rt in ocirt:$OCIRT_BIN runc:/usr/sbin/runc; do
  cat > "$WORK/${rt%%:*}-traced" <<SH
#!/bin/sh
echo "\$*" >> $WORK/trace.${rt%%:*}.log
if [ -z "$has_cpu" ]; then
  b=\$(echo "\$*" | sed -n 's/.* create .*--bundle \\([^ ]*\\).*/\\1/p')
  if [ -n "\$b" ] && jq -e '.linux.resources.cpu' "\$b/config.json" >/dev/null 2>&1; then
    jq 'del(.linux.resources.cpu)' "\$b/config.json" > "\$b/config.json.e2e" && mv "\$b/config.json.e2e" "\$b/config.json"
    echo "\$b" >> $WORK/adapted.log
  fi
fi
exec ${rt#*:} "\$@"
SH
  chmod +x "$WORK/${rt%%:*}-traced"
done
export RUNC_TRACED=$WORK/runc-traced OCIRT_TRACED=$WORK/ocirt-traced

# ---- docker: only the runtimes are added; the cgroup driver is dockerd's default (systemd here).
mkdir -p /etc/docker
cat > /etc/docker/daemon.json <<JSON
{ "runtimes": { "ocirt": { "path": "$OCIRT_TRACED" }, "runc-traced": { "path": "$RUNC_TRACED" } } }
JSON
# ---- containerd: the CRI plugin with SystemdCgroup = true, a runtime handler per runtime.
mkdir -p /etc/containerd
cat > /etc/containerd/config.toml <<TOML
version = 2
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/ocirt-e2e/pause:latest"
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/nonexistent"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true
        BinaryName = "$RUNC_TRACED"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.ocirt]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.ocirt.options]
        SystemdCgroup = true
        BinaryName = "$OCIRT_TRACED"
TOML
# ---- podman: systemd cgroup manager (its default on a systemd host), stated explicitly. This
# host's limits: no pids controller (pids_limit=0) and no CAP_SYS_RESOURCE (ulimits within the
# hard limits).
mkdir -p /etc/containers
cat > /etc/containers/containers.conf <<TOML
[containers]
pids_limit = 0
default_ulimits = ["nofile=1024:$(ulimit -Hn)", "nproc=$(ulimit -Hu):$(ulimit -Hu)"]
[engine]
cgroup_manager = "systemd"
events_logger = "file"
TOML

log "starting containerd and docker (systemctl)"
systemctl start containerd.service docker.service || { echo "daemons did not start:"; journalctl -n 40 --no-pager; exit 2; }
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
for i in $(seq 1 100); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
log "daemons up"

# ---- the busybox image: /bin/busybox plus every applet as a symlink.
mkdir -p "$WORK/rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev}
cp /bin/busybox "$WORK/rootfs/bin/busybox"
for a in $(/bin/busybox --list-full); do [ -e "$WORK/rootfs/$a" ] || ln -s /bin/busybox "$WORK/rootfs/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$WORK/rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$WORK/rootfs/etc/group"
chmod 1777 "$WORK/rootfs/tmp"
tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
export IMG=ocirt-e2e/busybox:latest
docker import -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["sh"]' "$WORK/rootfs.tar" "$IMG" >/dev/null || { echo "docker import failed"; exit 2; }
# The CRI's images (containerd namespace k8s.io): busybox and a "pause" image that sleeps.
docker import -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["sleep", "1000000"]' "$WORK/rootfs.tar" ocirt-e2e/pause:latest >/dev/null || { echo "docker import (pause) failed"; exit 2; }
docker save "$IMG" ocirt-e2e/pause:latest | ctr -n k8s.io images import - >/dev/null || { echo "ctr images import failed"; exit 2; }
export CRI=$HERE/cri/cri.py CRI_GEN_DIR=$WORK/cri-gen
"$CRI" version > "$WORK/cri-version" || { echo "CRI not answering"; exit 2; }
podman import -q -c 'CMD ["sh"]' "$WORK/rootfs.tar" "$IMG" >/dev/null || { echo "podman import failed"; exit 2; }

"$HERE/driver.sh" "$@"
