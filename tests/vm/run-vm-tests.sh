#!/bin/sh
# Boots the Debian kernel under qemu (TCG: software emulation, full cgroup v2) with an initramfs holding
# ocirt, its shared libraries, busybox and one bundle config per test; guest-tests.sh runs the containers and
# prints PASS/FAIL lines on the serial console. Exit status: 0 only if every test passed.
# Usage: tests/vm/run-vm-tests.sh /abs/path/to/ocirt
set -eu
BIN=${1:?usage: $0 OCIRT_BINARY}
HERE=$(cd "$(dirname "$0")" && pwd)
KERNEL=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
for need in qemu-system-x86_64 cpio jq /bin/busybox "$KERNEL"; do
  command -v "$need" >/dev/null 2>&1 || [ -e "$need" ] || {
    echo "test-vm: missing $need (apt-get install qemu-system-x86 linux-image-amd64 busybox-static cpio jq)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/ocirt-vm.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
R=$WORK/initramfs
mkdir -p "$R/bin" "$R/etc" "$R/proc" "$R/sys" "$R/dev" "$R/ocirt-vm/rootfs/bin" "$R/ocirt-vm/tests"

# ocirt and exactly the libraries ldd names, at the same paths.
cp "$BIN" "$R/bin/ocirt"
ldd "$BIN" | awk '/=> \//{print $3} /^\t\//{print $1}' | while read -r lib; do
  mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"
done
cp /bin/busybox "$R/bin/busybox"
for a in sh mount umount mkdir cp cat grep sleep seq poweroff switch_root echo ls tail head sed wc rm mknod; do ln -s busybox "$R/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"
# The container rootfs: busybox and its applets.
cp /bin/busybox "$R/ocirt-vm/rootfs/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$R/ocirt-vm/rootfs/bin/$a"; done
mkdir -p "$R/ocirt-vm/rootfs/proc" "$R/ocirt-vm/rootfs/dev" "$R/ocirt-vm/rootfs/sys" "$R/ocirt-vm/rootfs/tmp"

# One config per test, from `ocirt spec`; root.path is absolute so all share the rootfs.
( cd "$WORK" && "$BIN" spec )
bundle() { # NAME JQ-FILTER
  mkdir -p "$R/ocirt-vm/tests/$1"
  jq ".process.terminal = false | .root.path = \"/ocirt-vm/rootfs\" | .linux.cgroupsPath = \"/ocirt-vm/$1\" | $2" \
    "$WORK/config.json" > "$R/ocirt-vm/tests/$1/config.json"
}
bundle oom '.linux.resources.memory = {"limit": 33554432, "swap": 33554432} | .process.args = ["sh", "-c", "tail /dev/zero"]'
bundle pids '.linux.resources.pids = {"limit": 10} | .process.args = ["sh", "-c", "for i in $(seq 1 20); do sleep 60 & done; wait"]'
bundle cpu '.linux.resources.cpu = {"quota": 10000, "period": 100000, "shares": 1024, "cpus": "1"} | .process.args = ["sh", "-c", "while :; do :; done"]'
# The ram disk's (brd) major:minor is known only in the guest: 9999:9998 is replaced there.
bundle io '.linux.resources.blockIO = {"throttleReadBpsDevice": [{"major": 9999, "minor": 9998, "rate": 1048576}], "throttleWriteIOPSDevice": [{"major": 9999, "minor": 9998, "rate": 100}]} | .linux.devices = [{"path": "/dev/testdisk", "type": "b", "major": 9999, "minor": 9998}] | .linux.resources.devices += [{"allow": true, "type": "b", "major": 9999, "minor": 9998, "access": "r"}] | .process.args = ["sh", "-c", "dd if=/dev/testdisk of=/dev/null bs=64k count=32 iflag=direct 2>&1"]'
bundle freeze '.process.args = ["sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /tmp/freeze-count; usleep 20000; done"] | .root.readonly = false'
bundle update '.linux.resources.pids = {"limit": 5} | .linux.resources.memory = {"limit": 67108864} | .process.args = ["sleep", "600"]'
bundle tiny '.linux.resources.memory = {"limit": 524288} | .process.args = ["true"]'
bundle tinyview '.linux.resources.memory = {"limit": 524288} | .process.args = ["sh", "-c", "cat /proc/self/cgroup /sys/fs/cgroup/memory.max"]'
bundle tinyexec '.linux.resources.memory = {"limit": 1048576} | .process.args = ["sleep", "600"]'
bundle devices '.process.args = ["sh", "-c", "echo x > /dev/null && mknod /tmp/mem c 1 1 && (head -c 1 /tmp/mem >/dev/null) 2>&1; echo rc=$?"] | .process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"] | .root.readonly = false'
# A block device for the io.max test: the ram disk driver (no dependencies) of the guest's kernel.
brd=/lib/modules/${KERNEL#*vmlinuz-}/kernel/drivers/block/brd.ko
[ -f "$brd" ] && cp "$brd" "$R/brd.ko"
cp "$HERE/guest-tests.sh" "$R/ocirt-vm/guest-tests.sh"

cat > "$R/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
# pivot_root refuses the initramfs as the current root: continue from a tmpfs.
mkdir /newroot; mount -t tmpfs -o size=300m tmpfs /newroot
cp -a /bin /etc /ocirt-vm /newroot/
[ -f /brd.ko ] && insmod /brd.ko rd_nr=1 rd_size=16384
for d in lib lib64 usr; do [ -e /$d ] && cp -a /$d /newroot/; done
mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp /newroot/run
mount --move /proc /newroot/proc; mount --move /sys /newroot/sys; mount --move /dev /newroot/dev
exec switch_root /newroot /bin/sh /ocirt-vm/guest-tests.sh
INIT
chmod +x "$R/init"
( cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1 ) > "$WORK/initrd.gz"

LOG=${VM_LOG:-$WORK/console.log}
start=$(date +%s)
timeout 540 qemu-system-x86_64 -accel tcg -cpu max -m 768 -smp 2 -nographic -no-reboot \
  -kernel "$KERNEL" -initrd "$WORK/initrd.gz" -append "console=ttyS0 quiet panic=-1" > "$LOG" 2>&1 || true
end=$(date +%s)
tr -d '\r' < "$LOG" | grep -E '^(PASS|FAIL|INFO) ' || true
echo "test-vm: $(tr -d '\r' < "$LOG" | grep -c '^PASS ') passed, $(tr -d '\r' < "$LOG" | grep -c '^FAIL ') failed, $((end - start)) s wall (kernel $(basename "$KERNEL"))"
if ! tr -d '\r' < "$LOG" | grep -q '^VM-TESTS-DONE'; then
  echo "test-vm: the guest did not finish; console tail:"; tail -n 40 "$LOG"; exit 1
fi
! tr -d '\r' < "$LOG" | grep -q '^FAIL '
