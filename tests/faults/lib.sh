# Shared by tests/faults/*.sh: a bundle, a private --root, the leftover check, CPU load, PASS/FAIL.
# Everything a test starts is ended by pid; the checks below look for anything of ours still there.

OCIRT=${OCIRT_BIN:?set OCIRT_BIN to the ocirt binary}
TAG=fz$$                                # every container id starts with it
WORK=$(mktemp -d /tmp/ocirt-faults.XXXXXX)
ROOT=$WORK/state
BUNDLE=$WORK/bundle
MARK="OCIRT_FAULT_MARK=$TAG"            # in ocirt's environment and the container's: finds our processes
FAILS=0
BURNERS=()
HOLDERS=()

cleanup() {
    stop_load
    for p in "${HOLDERS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    # The suite's own leftovers (a failed case) are removed so that the machine stays clean; the case already failed.
    for d in "$ROOT"/*/; do [ -d "$d" ] && oc delete --force "$(basename "$d")" >/dev/null 2>&1; done
    # What a faulty binary leaked (already reported as a failure): our marked processes by pid, then our cgroups.
    local p
    for p in $(grep -lzax "$MARK" /proc/[0-9]*/environ 2>/dev/null | sed 's|/proc/\([0-9]*\)/environ|\1|'); do
        [ "$p" = $$ ] || kill -9 "$p" 2>/dev/null
    done
    sleep 0.2
    find /sys/fs/cgroup -mindepth 1 -depth -type d -name "$TAG*" -exec rmdir {} + 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

make_bundle() {
    ../busybox-bundle.sh "$BUNDLE" "$OCIRT" >/dev/null
    local cfg=$BUNDLE/config.json
    jq --arg m "$MARK" '.process.args = ["sleep", "600"] | .process.env += [$m]' "$cfg" > "$cfg.tmp" && mv "$cfg.tmp" "$cfg"
}

# A variant bundle ($1 = dir) with a jq edit of config.json ($2); shares the rootfs.
variant() {
    mkdir -p "$1" && ln -sfn "$BUNDLE/rootfs" "$1/rootfs"
    jq "$2" "$BUNDLE/config.json" > "$1/config.json"
}

oc() { env "$MARK" timeout 60 "$OCIRT" --root "$ROOT" "$@"; }

# What is left of container $1 (or of any container of this run when $1 is empty), one line each.
leftovers() {
    local id=${1:-$TAG} p
    for d in "$ROOT"/"$id"*; do [ -e "$d" ] && echo "state dir $d ($(ls "$d" | tr '\n' ' '))"; done
    find /sys/fs/cgroup -mindepth 1 -type d -name "$id*" 2>/dev/null | sed 's/^/cgroup /'
    # One grep over every environ (a fork per process is slow on a loaded machine).
    for p in $(grep -lzax "$MARK" /proc/[0-9]*/environ 2>/dev/null | sed 's|/environ$||'); do
        [ "${p#/proc/}" = $$ ] && continue
        # Only the containers of $1: its cgroup or its fds name it (a reparented init keeps both).
        if [ -z "$1" ] || grep -q "$id" "$p/cgroup" 2>/dev/null || ls -l "$p/fd" 2>/dev/null | grep -q "/$id/"; then
            echo "process ${p#/proc/} ($(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-60)) $(cut -d: -f3 "$p/cgroup" 2>/dev/null | head -1)"
        fi
    done
    grep "$WORK" /proc/self/mountinfo | sed 's/^/mount /'
}

start_load() {
    for _ in 1 2; do (while :; do :; done) & BURNERS+=($!); done
}
stop_load() {
    for p in "${BURNERS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    BURNERS=()
}

# A process in a new network namespace; NETNS is set to its /proc/PID/ns/net, the namespace containers join.
# (Not through $(...): the holder would keep the substitution's pipe open.)
netns_holder() {
    unshare -n sleep 3600 >/dev/null 2>&1 & HOLDERS+=($!)
    local own; own=$(readlink /proc/self/ns/net)
    for _ in $(seq 50); do [ "$(readlink "/proc/$!/ns/net")" != "$own" ] && break; sleep 0.05; done
    NETNS=/proc/$!/ns/net
}

result() { # name, failures, runs, detail
    if [ "$2" -eq 0 ]; then echo "PASS $1: 0/$3 failed $4"; else echo "FAIL $1: $2/$3 failed $4"; FAILS=$((FAILS + 1)); fi
}

# Random milliseconds in [0, $1) as a sleep argument.
ms() { printf '0.%03d' $((RANDOM % $1)); }
