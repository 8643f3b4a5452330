#!/bin/bash
# boot.sh DIR CGROUP REPO — started by env.sh: boots systemd as PID 1 of new namespaces.
# Outer half (host side): joins the environment's cgroup, then makes the namespaces (the cgroup
# namespace after joining, so that cgroup is the new root). Inner half (PID 1 there): builds the
# root filesystem, pivots into it and executes systemd.
set -u
DIR=$1 CG=$2 REPO=$3
if [ "${4:-}" != --inner ]; then
  echo $$ > "$CG/cgroup.procs" || exit 1
  exec unshare -C -m -n -p -u -i -f --propagation private "$0" "$DIR" "$CG" "$REPO" --inner
fi

set -e
R=$DIR/root RW=$DIR/rw
mount --make-rprivate /
mkdir -p "$R" "$RW"
# The writable layer: a tmpfs, so nothing the environment writes reaches the host's disk or root.
mount -t tmpfs -o "size=${OCIRT_SYSTEMD_TMPFS:-6g},mode=755" tmpfs "$RW"
mkdir -p "$RW/upper" "$RW/work"
"$(dirname "$0")/rootfs-config.sh" "$RW/upper"
mount -t overlay overlay -o "lowerdir=/,upperdir=$RW/upper,workdir=$RW/work" "$R"

mount -t proc proc "$R/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$R/sys"
mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
mount -t tmpfs -o mode=755,nosuid,size=64m tmpfs "$R/dev"
for d in null zero full random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
[ -e /dev/fuse ] && touch "$R/dev/fuse" && mount --bind /dev/fuse "$R/dev/fuse"
mkdir -p "$R/dev/pts" "$R/dev/shm" "$R/dev/mqueue" "$R/dev/net"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
ln -s /proc/self/fd "$R/dev/fd"; ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"; ln -s /proc/self/fd/2 "$R/dev/stderr"
[ -e /dev/net/tun ] && touch "$R/dev/net/tun" && mount --bind /dev/net/tun "$R/dev/net/tun"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
mount -t mqueue mqueue "$R/dev/mqueue"
# The console: systemd writes its status lines there (console.log on the host side).
touch "$R/dev/console"; mount --bind /proc/self/fd/1 "$R/dev/console" 2>/dev/null || true
mount -t tmpfs -o mode=755,nosuid,nodev,size=1g tmpfs "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev,size=1g tmpfs "$R/tmp"
# Image and container stores: overlay2/overlayfs snapshots cannot live on an overlay upper layer.
for d in docker containerd containers; do
  mkdir -p "$R/var/lib/$d"; mount -t tmpfs -o mode=711,size=2g tmpfs "$R/var/lib/$d"
done
# A dir shared with the host: $DIR/shared outside, /var/tmp/ocirt-env inside (logs, results).
mkdir -p "$DIR/shared" "$R/var/tmp/ocirt-env"; mount --bind "$DIR/shared" "$R/var/tmp/ocirt-env"
mkdir -p "$R$REPO"; mount --bind -o ro "$REPO" "$R$REPO"; mount -o remount,bind,ro "$R$REPO"

hostname ocirt-systemd
ip link set lo up
cd "$R"; mkdir -p .oldroot
pivot_root . .oldroot
umount -l /.oldroot; rmdir /.oldroot
exec env -i container=ocirt-test TERM=dumb /lib/systemd/systemd --unit=ocirt-e2e.target --log-target=console --show-status=no
