#!/bin/bash
# The fault suite (make test-faults): SIGKILL of ocirt at random delays and inside each phase, then
# `delete --force` must leave nothing (state dir, fifo, cgroup, process, mount); the same under CPU
# load; 200 creates joining one netns under load; concurrent commands. Root, in a pure cgroup v2 view.
#   OCIRT_BIN=bin/ocirt tests/faults/run.sh [case...]     FAULT_N=random kills per case (default 8, 6 under load)
# Prints PASS/FAIL per case with counts; exits 1 if any case failed.
set -u
cd "$(dirname "$(readlink -f "$0")")"
. ./lib.sh
N=${FAULT_N:-8}
make_bundle
netns_holder
variant "$WORK/joinnet" "(.linux.namespaces |= map(if .type == \"network\" then .path = \"$NETNS\" else . end))"
variant "$WORK/userns" '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'

# run_killed ID DELAY PHASE CMD...: starts ocirt CMD, SIGKILLs it after DELAY s (or lets the PHASE hook kill it).
run_killed() {
    local id=$1 delay=$2 phase=$3; shift 3
    (exec env "$MARK" ${phase:+OCIRT_TEST_KILL_AT=$phase} "$OCIRT" --root "$ROOT" "$@" >/dev/null 2>&1) &
    local pid=$!
    if [ -n "$phase" ]; then
        # The hook kills it inside the phase; a binary without the hook (or a phase not reached) is killed at 3 s.
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        delay=0
    fi
    sleep "$delay"; kill -9 "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
}

# A create that did not finish (no state.json) must take its processes with it, before any delete: within 1 s.
check_no_orphan() {
    local id=$1 what=$2 procs
    [ -e "$ROOT/$id/state.json" ] && return 0
    for _ in $(seq 20); do
        procs=$(leftovers "$id" | grep '^process') || return 0
        sleep 0.05
    done
    echo "  $what: the killed create left processes alive:"; echo "$procs" | sed 's/^/    /'
    return 1
}

# After the kill: delete --force must exit 0 and leave nothing. Prints the leftovers of a failed run.
check_clean() {
    local id=$1 what=$2 out left
    out=$(oc delete --force "$id" 2>&1) || { echo "  $what: delete --force exited $?: $out"; return 1; }
    left=$(leftovers "$id")
    [ -z "$left" ] && return 0
    echo "  $what: left after delete --force (it said: ${out:-nothing}):"; echo "$left" | sed 's/^/    /'
    return 1
}

# prepare ID STATE: brings the id to STATE (none, created, running) before the command under test.
prepare() {
    case $2 in
        none) return 0 ;;
        created) oc create -b "$BUNDLE" "$1" >/dev/null 2>&1 ;;
        running) oc create -b "$BUNDLE" "$1" >/dev/null 2>&1 && oc start "$1" >/dev/null 2>&1 ;;
    esac || { echo "  prepare $1 ($2) failed"; return 1; }
}

# kill_case NAME STATE MAXMS PHASES CMD...: the command (with {} for the id) on a container in STATE, SIGKILLed
# after a random delay (N times), then once inside each phase (the OCIRT_TEST_KILL_AT hook).
kill_case() {
    local name=$1 state=$2 maxms=$3 phases=$4; shift 4
    local fails=0 runs=0 i id phase
    for ((i = 0; i < N + $(wc -w <<<"$phases"); i++)); do
        phase=""; id=$TAG-$name${LOADED:+-L}-$i
        [ "$i" -ge "$N" ] && { phase=$(echo $phases | cut -d' ' -f$((i - N + 1))); id=$TAG-$name${LOADED:+-L}-$phase; }
        runs=$((runs + 1))
        prepare "$id" "$state" || { fails=$((fails + 1)); oc delete --force "$id" >/dev/null 2>&1; continue; }
        run_killed "$id" "$(ms "$maxms")" "$phase" "${@//\{\}/$id}"
        [ "$state" = none ] && ! check_no_orphan "$id" "$name ${phase:-delay}" && { fails=$((fails + 1)); oc delete --force "$id" >/dev/null 2>&1; continue; }
        check_clean "$id" "$name ${phase:-delay}" || fails=$((fails + 1))
    done
    result "$name${LOADED:+ (loaded)}" "$fails" "$runs" "(delays 0-${maxms}ms; phases: ${phases:-none})"
}

CREATE_PHASES="config cgroup spawn-forked spawn-go spawn-initpid spawn-namespaces init limits state"
kill_cases() {
    kill_case kill-create none 40 "$CREATE_PHASES" create -b "$BUNDLE" {}
    # The intermediate path (the init cloned by a child that joined a namespace or made a user namespace).
    kill_case kill-create-joined none 40 "$CREATE_PHASES" create -b "$WORK/joinnet" {}
    kill_case kill-create-userns none 40 "$CREATE_PHASES" create -b "$WORK/userns" {}
    kill_case kill-start created 15 "start-release" start {}
    kill_case kill-run none 80 "$CREATE_PHASES start-release" run -b "$BUNDLE" {}
    kill_case kill-exec running 30 "spawn-forked spawn-go spawn-initpid exec-spawned" exec {} sleep 30
    kill_case kill-delete running 20 "delete-killed delete-cgroup" delete --force {}
}

# 200 creates joining one network namespace, under load: every one must succeed.
netns_joins() {
    local n=${FAULT_JOINS:-200} fails=0 i out first=""
    start_load
    for ((i = 0; i < n; i++)); do
        # Into a file, not $(...): the parked init inherits create's stdio and would hold the pipe open.
        if ! oc create -b "$WORK/joinnet" "$TAG-join-$i" >"$WORK/join.out" 2>&1; then
            fails=$((fails + 1)); [ -n "$first" ] || first=$(cat "$WORK/join.out")
        fi
        oc delete --force "$TAG-join-$i" >/dev/null 2>&1
    done
    stop_load
    local left; left=$(leftovers "$TAG-join-")
    [ -z "$left" ] || { echo "$left" | sed 's/^/  /'; fails=$((fails + 1)); }
    result "netns-joins (loaded)" "$fails" "$n" "${first:+(first error: $first)}"
}

# exec's errors under load: a Failed message that overtook InitPid came out as "spawn step 30: ...".
exec_errors() {
    local id=$TAG-execerr n=${FAULT_EXECS:-60} fails=0 i first=""
    prepare "$id" running || fails=1
    start_load
    for ((i = 0; i < n; i++)); do
        oc exec "$id" /no/such/program >"$WORK/exec.out" 2>&1
        if ! grep -q 'no such file or directory' "$WORK/exec.out" || grep -q 'spawn' "$WORK/exec.out"; then
            fails=$((fails + 1)); [ -n "$first" ] || first=$(cat "$WORK/exec.out")
        fi
    done
    stop_load
    check_clean "$id" "exec-errors" || fails=$((fails + 1))
    result "exec-errors (loaded)" "$fails" "$n" "${first:+(first wrong error: $first)}"
}

# 50 create/start/delete on distinct ids at once.
concurrent_distinct() {
    local n=50 fails=0 i pids=()
    for ((i = 0; i < n; i++)); do
        ( { oc create -b "$BUNDLE" "$TAG-par-$i" && oc start "$TAG-par-$i" && oc delete --force "$TAG-par-$i"; } >"$WORK/par-$i.log" 2>&1 ) &
        pids+=($!)
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" || { fails=$((fails + 1)); sed 's/^/  par: /' "$WORK/par-$i.log"; }; done
    local left; left=$(leftovers "$TAG-par-")
    [ -z "$left" ] || { echo "$left" | sed 's/^/  /'; fails=$((fails + 1)); }
    result "concurrent-distinct" "$fails" "$n" "(create+start+delete each)"
}

# 20 commands at once on one id: each exits cleanly (0, or 1/255 with a message, never a crash), the state stays readable.
concurrent_same() {
    local id=$TAG-same fails=0 i pids=()
    local cmds=(start state "kill $id KILL" "exec $id true" pause resume "delete --force" list)
    oc create -b "$BUNDLE" "$id" >/dev/null 2>&1 || fails=1
    for ((i = 0; i < 20; i++)); do
        local c=${cmds[$((i % ${#cmds[@]}))]}
        case $c in kill*|exec*) ;; list) ;; *) c="$c $id" ;; esac
        ( oc $c >"$WORK/same-$i.log" 2>&1; echo $? >"$WORK/same-$i.rc" ) &
        pids+=($!)
    done
    wait "${pids[@]}"
    for ((i = 0; i < 20; i++)); do
        local rc; rc=$(cat "$WORK/same-$i.rc")
        if ! [[ $rc =~ ^(0|1|255)$ ]] || grep -qE 'Exception|   at |Unhandled|panic' "$WORK/same-$i.log"; then
            fails=$((fails + 1)); echo "  same #$i exited $rc: $(head -3 "$WORK/same-$i.log")"
        fi
    done
    local st; st=$(oc state "$id" 2>&1 </dev/null)
    if ! { echo "$st" | jq -e '.status | test("created|running|paused|stopped")' >/dev/null 2>&1 || [[ $st == *"container does not exist"* ]]; }; then
        fails=$((fails + 1)); echo "  state after: $st"
    fi
    check_clean "$id" "concurrent-same" || fails=$((fails + 1))
    result "concurrent-same-id" "$fails" 20 "(start/state/kill/exec/pause/resume/delete/list)"
}

cases=("$@"); [ ${#cases[@]} -gt 0 ] || cases=(kill kill-loaded netns concurrent)
for c in "${cases[@]}"; do
    t0=$(date +%s)
    case $c in
        kill) kill_cases ;;
        kill-loaded) start_load; N=${FAULT_N:-6} LOADED=1 kill_cases; stop_load ;;
        exec-errors) exec_errors ;;
        kill-create) kill_case kill-create none 40 "$CREATE_PHASES" create -b "$BUNDLE" {}
                     kill_case kill-create-joined none 40 "$CREATE_PHASES" create -b "$WORK/joinnet" {}
                     kill_case kill-create-userns none 40 "$CREATE_PHASES" create -b "$WORK/userns" {} ;;
        netns) netns_joins; exec_errors ;;
        concurrent) concurrent_distinct; concurrent_same ;;
        *) echo "unknown case $c"; exit 2 ;;
    esac
    echo "  ($c: $(( $(date +%s) - t0 ))s)"
done
left=$(leftovers "")
[ -z "$left" ] || { echo "FAIL leftovers of the whole run:"; echo "$left"; FAILS=$((FAILS + 1)); }
echo "fault suite: $FAILS failed case(s)"
[ "$FAILS" -eq 0 ]
