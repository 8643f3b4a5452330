#!/bin/bash
# ocirt vs runc vs crun, same bundle, same run. Writes bench/results.md and prints the ratios last.
# Runs inside a private mount namespace with a pure cgroup v2 view (the host may be hybrid).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
ocirt=${OCIRT:-$repo/bin/ocirt}
runs=${RUNS:-30}

if [ -z "${OCIRT_BENCH_INNER:-}" ]; then
    for p in hyperfine:hyperfine runc:runc crun:crun jq:jq time:/usr/bin/time busybox-static:/bin/busybox; do
        command -v "${p#*:}" >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${p%%:*}" >/dev/null; }
    done
    exec env OCIRT_BENCH_INNER=1 unshare -m --propagation private "$0" "$@"
fi
umount -R /sys/fs/cgroup 2>/dev/null || true
mount -t cgroup2 cgroup2 /sys/fs/cgroup

work=$(mktemp -d /tmp/ocirt-bench.XXXXXX)
cleanup() {
    umount "$work/ro/ocirt" 2>/dev/null || true
    for rt in ocirt ocirtro runc crun; do
        root=$work/root-$rt
        [ -d "$root" ] || continue
        bin=$ocirt; [ $rt = ocirt ] || [ $rt = ocirtro ] || bin=$rt
        extra=(); [ $rt = crun ] && extra=(--cgroup-manager=disabled)
        for id in $($bin --root "$root" list -q 2>/dev/null); do $bin --root "$root" "${extra[@]}" delete -f "$id" >/dev/null 2>&1 || true; done
    done
    rm -rf "$work"
}
trap cleanup EXIT

bundle=$work/bundle
"$repo/tests/busybox-bundle.sh" "$bundle" "$ocirt" >/dev/null
cd "$bundle"
# crun 1.8.1 knows runtime-spec versions up to 1.1 only; the bundle itself is the same for all three.
jq '.process.args = ["/bin/true"] | .ociVersion = "1.0.2"' config.json > c && mv c config.json
cp config.json config.true.json
jq '.process.args = ["sleep", "1000"]' config.true.json > config.sleep.json

# ocirtro: the same binary on a read-only bind mount (private to this mount namespace), the hardened install
# the README recommends: ocirt then needs no re-execution of itself (see README "A read-only binary").
mkdir -p "$work/ro"
cp "$ocirt" "$work/ro/ocirt"
mount --bind -o ro "$work/ro/ocirt" "$work/ro/ocirt"

# runtime → command prefix. crun cannot use cgroups here (CAP_SYS_RESOURCE missing): it does less work.
declare -A cmd=(
    [ocirt]="$ocirt --root $work/root-ocirt"
    [ocirtro]="$work/ro/ocirt --root $work/root-ocirtro"
    [runc]="runc --root $work/root-runc"
    [crun]="crun --root $work/root-crun --cgroup-manager=disabled"
)
results=$work/results
mkdir -p "$results"

median() { jq -r '.results[0].median * 1000 | . * 100 | round / 100' "$1"; }

bench_one() { # name runtime command...
    local name=$1 rt=$2; shift 2
    hyperfine -N -w 3 -r "$runs" --export-json "$results/$name-$rt.json" "$@" >/dev/null 2>&1
    median "$results/$name-$rt.json"
}

# The machine is shared: load shifts within minutes. The headline comparisons therefore run in
# $rounds rounds, each round measuring ocirt, runc and crun in turn, and report the median of all
# of a runtime's runs, so that no runtime gets only the quiet (or only the busy) minutes.
rounds=${ROUNDS:-3}
bench_rounds() { # name, then one command per runtime: ocirt ocirtro runc crun
    local name=$1; shift
    local -a commands=("$@") rts=(ocirt ocirtro runc crun)
    for round in $(seq "$rounds"); do
        for i in 0 1 2 3; do
            hyperfine -N -w 1 -r $(( (runs + rounds - 1) / rounds )) --export-json "$results/$name-r$round-${rts[$i]}.json" "${commands[$i]}" >/dev/null 2>&1
        done
    done
    for rt in "${rts[@]}"; do
        t[$name-$rt]=$(jq -s -r '[.[].results[0].times[]] | sort | (if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end) * 1000 | . * 100 | round / 100' "$results/$name"-r*-"$rt.json")
    done
}

declare -A t
echo "## run /bin/true (foreground, cgroup, spec namespaces)" >&2
cp config.true.json config.json
bench_rounds run "${cmd[ocirt]} run b-ocirt" "${cmd[ocirtro]} run b-ocirtro" "${cmd[runc]} run b-runc" "${cmd[crun]} run b-crun"

echo "## create + start + delete -f of a detached sleep" >&2
cp config.sleep.json config.json
lifecycle() { echo "sh -c '${cmd[$1]} create l-$1 && ${cmd[$1]} start l-$1 && ${cmd[$1]} delete -f l-$1'"; }
bench_rounds lifecycle "$(lifecycle ocirt)" "$(lifecycle ocirtro)" "$(lifecycle runc)" "$(lifecycle crun)"

echo "## exec /bin/true into a running container" >&2
for rt in ocirt ocirtro runc crun; do ${cmd[$rt]} create e-$rt >/dev/null && ${cmd[$rt]} start e-$rt; done
bench_rounds exec "${cmd[ocirt]} exec e-ocirt /bin/true" "${cmd[ocirtro]} exec e-ocirtro /bin/true" "${cmd[runc]} exec e-runc /bin/true" "${cmd[crun]} exec e-crun /bin/true"
for rt in ocirt ocirtro runc crun; do ${cmd[$rt]} delete -f e-$rt >/dev/null; done

echo "## state and list with 1 / 100 / 1000 containers present" >&2
# Parked (created) containers: they hold a state dir, a cgroup and a waiting init each, like real ones.
counts=${COUNTS:-1 100 1000}
for rt in ocirt runc; do
    have=0
    for n in $counts; do
        while [ $have -lt "$n" ]; do ${cmd[$rt]} create s-$rt-$have >/dev/null; have=$((have + 1)); done
        t[state$n-$rt]=$(bench_one state$n $rt "${cmd[$rt]} state s-$rt-0")
        t[list$n-$rt]=$(bench_one list$n $rt "${cmd[$rt]} list")
    done
    # Does the cost grow with the count? `state` of a container alone in its root vs of one among all of
    # them, alternated in rounds at the same moment (so the machine's load and the parked inits are the same).
    one=${cmd[$rt]/--root $work\/root-$rt/--root $work/root-$rt-one}
    $one create o-$rt >/dev/null
    for round in $(seq "$rounds"); do
        hyperfine -N -w 3 -r $(( (runs + rounds - 1) / rounds )) --export-json "$results/growth-r$round-one-$rt.json" "$one state o-$rt" >/dev/null 2>&1
        hyperfine -N -w 3 -r $(( (runs + rounds - 1) / rounds )) --export-json "$results/growth-r$round-all-$rt.json" "${cmd[$rt]} state s-$rt-0" >/dev/null 2>&1
    done
    for which in one all; do
        t[growth-$which-$rt]=$(jq -s -r '[.[].results[0].times[]] | sort | (if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end) * 1000 | . * 100 | round / 100' "$results"/growth-r*-$which-$rt.json)
    done
    $one delete -f o-$rt >/dev/null
    seq 0 $((have - 1)) | xargs -P 4 -I{} ${cmd[$rt]} delete -f s-$rt-{} >/dev/null
done

echo "## scale: 50 containers started concurrently, then deleted concurrently" >&2
cp config.sleep.json config.json
scale_start=$(date +%s.%N)
seq 1 50 | xargs -P 50 -I{} ${cmd[ocirt]} run -d scale-{} >/dev/null 2>&1 || true
scale_started=$(date +%s.%N)
running=$(${cmd[ocirt]} list --format json | jq '[.[] | select(.status == "running")] | length')
seq 1 50 | xargs -P 50 -I{} ${cmd[ocirt]} delete -f scale-{} >/dev/null 2>&1 || true
scale_end=$(date +%s.%N)
left_state=$(ls "$work/root-ocirt" 2>/dev/null | grep -c '^scale-' || true)
left_cgroups=$(find /sys/fs/cgroup -maxdepth 3 -type d -name 'scale-*' 2>/dev/null | wc -l)
# Live processes only: exited inits may wait a moment as zombies for their reaper (host PID 1), not ocirt.
live_scale_procs() {
    local n=0 f
    for f in $(grep -l 'scale-' /proc/[0-9]*/cgroup 2>/dev/null); do
        awk '{ sub(/.*\) /, ""); exit ($1 == "Z" ? 1 : 0) }' "${f%/cgroup}/stat" 2>/dev/null && n=$((n + 1))
    done
    echo $n
}
for _ in $(seq 1 20); do left_procs=$(live_scale_procs); [ "$left_procs" = 0 ] && break; sleep 0.1; done
t[scale]="$running of 50 running after $(awk -v a="$scale_start" -v b="$scale_started" 'BEGIN{printf "%.2f", b-a}') s; all deleted after $(awk -v a="$scale_started" -v b="$scale_end" 'BEGIN{printf "%.2f", b-a}') s more; left behind: $left_state state dirs, $left_cgroups cgroups, $left_procs processes"

echo "## peak RSS of each process (VmHWM): the runtime's foreground process and its parked init" >&2
# The foreground `run` process, read while its container sleeps; the init, read while parked after
# create (its setup is done; execve then replaces its memory). Same method for the three runtimes.
jq '.process.args = ["sleep", "2"]' config.true.json > config.json
hwm() { awk '/^VmHWM/ { print $2 }' /proc/$1/status 2>/dev/null; }
for rt in ocirt ocirtro runc crun; do
    ${cmd[$rt]} run m-$rt >/dev/null 2>&1 & runner=$!
    sleep 1
    t[rss-run-$rt]=$(hwm $runner)
    t[anon-run-$rt]=$(awk '/^RssAnon/ { print $2 }' /proc/$runner/status 2>/dev/null)
    wait $runner || true
    ${cmd[$rt]} create p-$rt >/dev/null 2>&1
    t[rss-init-$rt]=$(hwm "$(${cmd[$rt]} state p-$rt | jq .pid)")
    ${cmd[$rt]} delete -f p-$rt >/dev/null 2>&1 || true
done

echo "## time to the container's first execve: the runtime's start to the container program's clock" >&2
# bash's $EPOCHREALTIME (no process) just before the runtime starts; the container prints its own clock
# first thing with busybox adjtimex, read-only (µs; busybox date has no %N; the same fixed cost for every runtime).
jq '.process.args = ["adjtimex"]' config.true.json > config.json
# The baseline is the same pipeline with adjtimex run directly (no runtime): subtracted from each median.
declare -A first_cmd=([base]="/bin/busybox adjtimex" [ocirt]="${cmd[ocirt]} run f-ocirt" [ocirtro]="${cmd[ocirtro]} run f-ocirtro" [runc]="${cmd[runc]} run f-runc" [crun]="${cmd[crun]} run f-crun")
for rt in base ocirt ocirtro runc crun; do
    : > "$results/first-$rt"
    for i in $(seq "$runs"); do
        start=$EPOCHREALTIME
        inside=$(${first_cmd[$rt]} | awk '/time.tv_sec/ { s = $2 } /time.tv_usec/ { printf "%d.%06d", s, $2 }')
        awk -v a="$start" -v b="$inside" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >> "$results/first-$rt"
    done
    t[first-$rt]=$(sort -n "$results/first-$rt" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
done
for rt in ocirt ocirtro runc crun; do t[first-$rt]=$(awk -v a="${t[first-$rt]}" -v b="${t[first-base]}" 'BEGIN { printf "%.2f", a - b }'); done
cp config.true.json config.json

size_ocirt=$(stat -c %s "$ocirt"); size_runc=$(stat -c %s "$(command -v runc)"); size_crun=$(stat -c %s "$(command -v crun)")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
{
    echo "# ocirt benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, kernel $(uname -r))"
    echo
    echo "Same busybox bundle, one run, pure cgroup v2 view. run, lifecycle and exec: $rounds rounds of ocirt, ocirt on a read-only mount, runc, crun in turn (1 warm-up each), median of all runs (~$runs per runtime); state and list: hyperfine medians over $runs runs (3 warm-up)."
    echo "\"ocirt\" is the binary as installed (writable): create, run and exec first re-execute it from a read-only mount of itself (CVE-2019-5736), one more start of the binary. \"ocirt on a read-only mount\" is the hardened install (\`mount --bind -o ro\` of the binary onto itself, README), which needs no re-execution."
    echo "The machine is shared with other sessions (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)): compare the ratios, not the absolute times."
    echo "crun runs with \`--cgroup-manager=disabled\` (this machine lacks CAP_SYS_RESOURCE), so it does less work than ocirt and runc."
    echo
    echo "| measure | ocirt | runc | crun | ocirt/runc | ocirt/crun |"
    echo "|---|---|---|---|---|---|"
    for m in run lifecycle exec; do
        echo "| $m (ms) | ${t[$m-ocirt]} | ${t[$m-runc]} | ${t[$m-crun]} | $(ratio ${t[$m-ocirt]} ${t[$m-runc]}) | $(ratio ${t[$m-ocirt]} ${t[$m-crun]}) |"
        echo "| $m, ocirt on a read-only mount (ms) | ${t[$m-ocirtro]} | ${t[$m-runc]} | ${t[$m-crun]} | $(ratio ${t[$m-ocirtro]} ${t[$m-runc]}) | $(ratio ${t[$m-ocirtro]} ${t[$m-crun]}) |"
    done
    echo "| time to the container's first execve (ms, minus a ${t[first-base]} ms baseline) | ${t[first-ocirt]} | ${t[first-runc]} | ${t[first-crun]} | $(ratio ${t[first-ocirt]} ${t[first-runc]}) | $(ratio ${t[first-ocirt]} ${t[first-crun]}) |"
    echo "| time to the container's first execve, ocirt on a read-only mount (ms) | ${t[first-ocirtro]} | ${t[first-runc]} | ${t[first-crun]} | $(ratio ${t[first-ocirtro]} ${t[first-runc]}) | $(ratio ${t[first-ocirtro]} ${t[first-crun]}) |"
    for n in $counts; do
        for m in state$n list$n; do
            echo "| $m (ms) | ${t[$m-ocirt]} | ${t[$m-runc]} | - | $(ratio ${t[$m-ocirt]} ${t[$m-runc]}) | - |"
        done
    done
    for p in run init; do
        echo "| peak RSS, $p process (KiB) | ${t[rss-$p-ocirt]} | ${t[rss-$p-runc]} | ${t[rss-$p-crun]} | $(ratio ${t[rss-$p-ocirt]} ${t[rss-$p-runc]}) | $(ratio ${t[rss-$p-ocirt]} ${t[rss-$p-crun]}) |"
        echo "| peak RSS, $p process, ocirt on a read-only mount (KiB) | ${t[rss-$p-ocirtro]} | ${t[rss-$p-runc]} | ${t[rss-$p-crun]} | $(ratio ${t[rss-$p-ocirtro]} ${t[rss-$p-runc]}) | $(ratio ${t[rss-$p-ocirtro]} ${t[rss-$p-crun]}) |"
    done
    echo "| private (anonymous) memory of the run process (KiB, RssAnon) | ${t[anon-run-ocirt]} | ${t[anon-run-runc]} | ${t[anon-run-crun]} | $(ratio ${t[anon-run-ocirt]} ${t[anon-run-runc]}) | $(ratio ${t[anon-run-ocirt]} ${t[anon-run-crun]}) |"
    echo "| binary size (bytes) | $size_ocirt | $size_runc | $size_crun | $(ratio $size_ocirt $size_runc) | $(ratio $size_ocirt $size_crun) |"
    echo
    echo "Does \`state\` cost grow with the count? Same moment, alternated rounds: a container among ${counts##* } vs alone in its root: ocirt ${t[growth-all-ocirt]} vs ${t[growth-one-ocirt]} ms ($(ratio ${t[growth-all-ocirt]} ${t[growth-one-ocirt]})×), runc ${t[growth-all-runc]} vs ${t[growth-one-runc]} ms ($(ratio ${t[growth-all-runc]} ${t[growth-one-runc]})×). (The stateN rows above were measured at different moments.)"
    echo
    echo "Scale (ocirt): ${t[scale]}."
    echo
    echo "Peak RSS counts the binary's and libc's file pages mapped in (shared with every other ocirt process and the page cache; the kernel maps code 64 KiB around each first touch). The \`run\` process's private memory is its RssAnon; see bench/profile.md."
} > "$here/results.md"
cat "$here/results.md"
