#!/bin/bash
# driver.sh [SCENARIO...] — runs each scenario (t_NAME in scenarios.sh) under runc, then ocirt,
# in a fresh process; prints `PASS name` / `FAIL name: reason` (each with runc's result) and a
# summary. A scenario's stdout (its observation) must be the same under both runtimes unless
# NAME is in NOCOMPARE. Exit status: non-zero on a failure not listed in KNOWN_FAILURES.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/scenarios.sh"
RUNTIMES=${RUNTIMES:-runc ocirt}
if [ $# -gt 0 ]; then names=("$@"); else
  mapfile -t names < <(grep -oE '^t_[a-z0-9_]+' "$HERE/scenarios.sh" | sed 's/^t_//')
fi
is_in() { local x=$1; shift; for y; do [ "$x" = "$y" ] && return 0; done; return 1; }

pass=0 failed=0 known=0 unexpected=()
for name in "${names[@]}"; do
  declare -A res=() obs=()
  for rt in $RUNTIMES; do
    export REASON=$WORK/reason.$name.$rt
    rm -f "$REASON"
    t0=$(date +%s%N)
    out=$(timeout -k 5 120 "$HERE/scenario.sh" "$name" "$rt" 2>"$WORK/stderr.$name.$rt")
    rc=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ $rc = 124 ] || [ $rc = 137 ] && echo "timed out after 120 s" > "$REASON"
    if [ $rc = 0 ]; then res[$rt]=PASS; else res[$rt]="FAIL: $(cat "$REASON" 2>/dev/null || echo "exit $rc, $(tail -c 300 "$WORK/stderr.$name.$rt" | tr '\n' '|')")"; fi
    res[$rt]=${res[$rt]//$'\n'/|}
    obs[$rt]=$out
    printf '%s\t%s\t%d\t%s\n' "$name" "$rt" "$ms" "${res[$rt]}" >> "$WORK/results.tsv"
    cleanup_all "$rt" >/dev/null 2>&1    # what a failed scenario left must not leak into the next
  done
  # The result is ocirt's (runc's when only runc runs: checking the scenarios themselves).
  if is_in ocirt $RUNTIMES; then r=${res[ocirt]}; else r=${res[runc]:-skipped}; fi
  rr=${res[runc]:-skipped}
  if [ "$r" = PASS ] && [ -n "${res[ocirt]:-}" ] && [ "$rr" = PASS ] && ! is_in "$name" "${NOCOMPARE[@]}" && [ "${obs[runc]:-}" != "${obs[ocirt]:-}" ]; then
    r="FAIL: output differs from runc: ocirt '$(printf %s "${obs[ocirt]}" | head -c 300 | tr '\n' '|')' runc '$(printf %s "${obs[runc]}" | head -c 300 | tr '\n' '|')'"
  fi
  if [ "$r" = PASS ]; then
    echo "PASS $name  [runc: $rr]"; pass=$((pass+1))
  elif [ -n "${KNOWN_FAILURES[$name]:-}" ]; then
    echo "FAIL $name: ${r#FAIL: }  [known: ${KNOWN_FAILURES[$name]}]  [runc: $rr]"; known=$((known+1))
  else
    echo "FAIL $name: ${r#FAIL: }  [runc: $rr]"; failed=$((failed+1)); unexpected+=("$name")
  fi
  unset res obs
done
awk -F'\t' '{t[$2]+=$3; n[$2]++} END {printf "scenario time:"; for (r in t) printf " %s %.1f s (%d runs)", r, t[r]/1000, n[r]; print ""}' "$WORK/results.tsv"
echo "summary: $pass passed, $known known failures, $failed unexpected failures${unexpected:+ (${unexpected[*]})}"
[ $failed = 0 ]
