#!/bin/bash
# rootfs-config.sh UPPER — the environment's own configuration, written into the overlay's upper
# layer before systemd boots (the lower layer is the host's root and is never written).
set -eu
U=$1
mkdir -p "$U/etc/systemd/system" "$U/etc/systemd/system.conf.d"
: > "$U/etc/fstab"                      # the host's fstab describes the host's disks, not ours

# This host's processes lack CAP_SYS_RESOURCE: no hard limit can be raised, so systemd's
# defaults (and the units' LimitNOFILE=1048576, LimitNPROC=infinity) would make every exec
# fail. Defaults and the daemons' limits at the current hard limits instead.
nofile=$(ulimit -Hn) nproc=$(ulimit -Hu) memlock=$(ulimit -Hl)
[ "$memlock" = unlimited ] && memlock=infinity || memlock=$((memlock * 1024))
cat > "$U/etc/systemd/system.conf.d/ocirt-test.conf" <<CONF
[Manager]
DefaultLimitNOFILE=1024:$nofile
DefaultLimitNPROC=$nproc
DefaultLimitMEMLOCK=$memlock
DefaultTimeoutStopSec=10s
CONF
for unit in docker.service containerd.service; do
  mkdir -p "$U/etc/systemd/system/$unit.d"
  printf '[Service]\nLimitNOFILE=%s\nLimitNPROC=%s\n' "$nofile" "$nproc" > "$U/etc/systemd/system/$unit.d/ocirt-test-limits.conf"
done

# What boots: the basic system and the bus, nothing the host had enabled (daemons are started
# by the tests, with `systemctl start`).
cat > "$U/etc/systemd/system/ocirt-e2e.target" <<'UNIT'
[Unit]
Description=ocirt systemd test environment
Requires=basic.target dbus.socket dbus.service
After=basic.target dbus.socket dbus.service
AllowIsolate=yes
UNIT
