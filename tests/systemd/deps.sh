#!/bin/bash
# deps.sh — the Debian packages the systemd suite uses, installed only when missing. None of
# them may start a daemon on the host (policy-rc.d refuses every start during the install), and
# systemd-sysv (which would replace the host's init) is never installed: `systemd` and `dbus`
# are installed as files only.
missing=""
for p in systemd:/lib/systemd/systemd dbus:/usr/bin/dbus-daemon docker.io:/usr/sbin/dockerd \
         containerd:/usr/bin/containerd podman:/usr/bin/podman runc:/usr/sbin/runc \
         busybox-static:/bin/busybox jq:/usr/bin/jq iptables:/usr/sbin/iptables \
         python3-grpcio:/usr/lib/python3/dist-packages/grpc python3-protobuf:/usr/lib/python3/dist-packages/google/protobuf \
         python3-grpc-tools:/usr/lib/python3/dist-packages/grpc_tools; do
  [ -e "${p#*:}" ] || missing="$missing ${p%%:*}"
done
[ -z "$missing" ] && exit 0
echo "test-systemd: installing:$missing"
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1
fi
# Where systemd-sysv is absent, "systemd-sysv-" keeps apt from pulling it in (it is never removed).
dpkg -s systemd-sysv >/dev/null 2>&1 || missing="$missing systemd-sysv-"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
rc=$?
[ -n "${added_policy:-}" ] && rm -f /usr/sbin/policy-rc.d
[ $rc = 0 ] || { echo "test-systemd: apt-get install failed" >&2; exit 2; }
