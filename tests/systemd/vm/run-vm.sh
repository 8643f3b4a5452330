#!/bin/bash
# run-vm.sh — the systemd driver where limits are enforced: a qemu (TCG) VM with full cgroup v2
# boots systemd as PID 1 on an overlay of this host's root (shared read only over virtio-9p; upper
# layer a tmpfs in the guest), then guest.sh runs containers with `--systemd-cgroup` and a memory
# limit under runc and ocirt: MemoryMax of the scope, memory.max of its cgroup, an OOM kill.
# Prints PASS/FAIL lines; exit status 0 only if all passed.   Env: OCIRT_BIN.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OCIRT_BIN=$(readlink -f "${OCIRT_BIN:-$REPO/bin/ocirt}")
KERNEL=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$KERNEL" ] && command -v qemu-system-x86_64 >/dev/null || { echo "test-systemd-vm: needs qemu-system-x86 and linux-image-amd64 (make vm-deps)" >&2; exit 2; }
"$HERE/../deps.sh" || exit 2   # runc, jq, busybox, systemd, dbus: the guest runs the host's
K=${KERNEL#*vmlinuz-}
WORK=$(mktemp -d /tmp/ocirt-systemd-vm.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
R=$WORK/initramfs
mkdir -p "$R"/{bin,proc,sys,dev,lower,rw,newroot,modules}
cp /bin/busybox "$R/bin/"
for a in sh mount umount mkdir insmod switch_root cat echo ls cp; do ln -s busybox "$R/bin/$a"; done
# The modules for virtio-9p and overlayfs (modular in Debian's kernel), dependencies first.
resolve() { local m d; for m in "$@"; do d=$(modinfo -k "$K" -F depends "$m" | tr ',' ' '); [ -n "$d" ] && resolve $d; echo "$m"; done; }
resolve virtio_pci 9pnet_virtio 9p overlay | awk '!s[$0]++' > "$R/modules/order"
while read -r m; do cp "$(modinfo -k "$K" -n "$m")" "$R/modules/$m.ko"; done < "$R/modules/order"
cat > "$R/init" <<INIT
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
for m in \$(cat /modules/order); do insmod /modules/\$m.ko; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose host /lower || { echo "FAIL vm: 9p mount"; echo o > /proc/sysrq-trigger; }
mount -t tmpfs -o size=1g tmpfs /rw; mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot
# The guest's own units: run guest.sh, print its result on the console, power off.
mkdir -p /newroot/etc/systemd/system
cat > /newroot/etc/systemd/system/ocirt-vm-test.service <<UNIT
[Unit]
After=basic.target dbus.service
Requires=dbus.service
[Service]
Type=oneshot
Environment=OCIRT_BIN=$OCIRT_BIN
ExecStart=/bin/sh -c '$HERE/guest.sh > /dev/ttyS0 2>&1'
ExecStopPost=/bin/systemctl poweroff --no-block
UNIT
cat > /newroot/etc/systemd/system/ocirt-vm.target <<UNIT
[Unit]
Requires=basic.target dbus.service ocirt-vm-test.service
UNIT
: > /newroot/etc/fstab
mount --move /proc /newroot/proc; mount --move /sys /newroot/sys; mount --move /dev /newroot/dev
# The API filesystems systemd would mount (it cannot mount onto this overlay's directories itself).
mount -t cgroup2 -o nsdelegate cgroup2 /newroot/sys/fs/cgroup
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /newroot/run; mkdir -p /newroot/run/lock; mount -t tmpfs -o mode=1777,size=5m tmpfs /newroot/run/lock
mkdir -p /newroot/dev/shm; mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
exec switch_root /newroot /lib/systemd/systemd --unit=ocirt-vm.target
INIT
chmod +x "$R/init"
( cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1 ) > "$WORK/initrd.gz"
LOG=${VM_LOG:-$WORK/console.log}
start=$(date +%s)
timeout 600 qemu-system-x86_64 -accel tcg -cpu max -m 1536 -smp 2 -nographic -no-reboot \
  -kernel "$KERNEL" -initrd "$WORK/initrd.gz" -append "console=ttyS0 quiet panic=-1 systemd.show_status=no systemd.unified_cgroup_hierarchy=1" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap > "$LOG" 2>&1
end=$(date +%s)
# The results, from the console (systemd's status lines may share a line with them).
tr -d '\r' < "$LOG" | grep -oE '(PASS|FAIL|INFO) [a-z]+.*|VM-DONE' > "$WORK/results"
grep -v VM-DONE "$WORK/results"
echo "test-systemd-vm: $(grep -c '^PASS ' "$WORK/results") passed, $(grep -c '^FAIL ' "$WORK/results") failed, $((end - start)) s wall"
if ! grep -q '^VM-DONE' "$WORK/results"; then echo "test-systemd-vm: the guest did not finish; console tail:"; tail -n 30 "$LOG"; exit 1; fi
! grep -q '^FAIL ' "$WORK/results"
