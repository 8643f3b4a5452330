#!/bin/bash
# driver.sh [SCENARIO...] — runs each scenario under runc, then ocirt; prints PASS/FAIL lines.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/scenarios.sh"
RUNTIMES=${RUNTIMES:-runc ocirt}
if [ $# -gt 0 ]; then names=("$@"); else
  mapfile -t names < <(grep -oE '^t_[a-z0-9_]+' "$HERE/scenarios.sh" | sed 's/^t_//')
fi
is_in() { local x=$1; shift; for y; do [ "$x" = "$y" ] && return 0; done; return 1; }

pass=0 failed=0 known=0 xpass=0 unexpected=()
for name in "${names[@]}"; do
  declare -A res=() obs=()
  for rt in $RUNTIMES; do
    export REASON=$TMP/reason.$name.$rt
    rm -f "$REASON"
    t0=$(date +%s.%N)
    out=$(timeout -k 5 150 "$HERE/scenario.sh" "$name" "$rt" 2>"$TMP/stderr.$name.$rt")
    rc=$?
    dt=$(echo "$(date +%s.%N) - $t0" | bc)
    [ $rc = 124 ] || [ $rc = 137 ] && echo "timed out after 150 s" > "$REASON"
    if [ $rc = 0 ]; then res[$rt]=PASS; else res[$rt]="FAIL: $(cat "$REASON" 2>/dev/null || echo "exit $rc, $(tail -c 300 "$TMP/stderr.$name.$rt" | tr '\n' '|')")"; fi
    res[$rt]=${res[$rt]//$'\n'/|}   # one line per scenario
    obs[$rt]=$out
    printf '%s\t%s\t%.1fs\t%s\n' "$name" "$rt" "$dt" "${res[$rt]}" >> "$TMP/results.tsv"
    printf '%s\n' "$out" > "$TMP/obs.$name.$rt"
    # Remove what the scenario left (it must not leak into the next one).
    ids=$(docker ps -aq --filter name=e2e-)
    [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  done
  r=${res[ocirt]:-skipped}
  if [ "$r" = PASS ] && [ "${res[runc]:-}" = PASS ] && ! is_in "$name" "${NOCOMPARE[@]}" \
     && [ "${obs[runc]}" != "${obs[ocirt]}" ]; then
    r="FAIL: output differs from runc: ocirt '$(printf %s "${obs[ocirt]}" | head -c 300 | tr '\n' '|')' runc '$(printf %s "${obs[runc]}" | head -c 300 | tr '\n' '|')'"
  fi
  rr=${res[runc]:-skipped}
  if [ "$r" = PASS ]; then
    if [ -n "${KNOWN_FAILURES[$name]:-}" ]; then echo "PASS $name (listed as known failure: remove it)  [runc: $rr]"; xpass=$((xpass+1))
    else echo "PASS $name  [runc: $rr]"; fi
    pass=$((pass+1))
  else
    if [ -n "${KNOWN_FAILURES[$name]:-}" ]; then
      echo "FAIL $name: ${r#FAIL: }  [known: ${KNOWN_FAILURES[$name]}]  [runc: $rr]"; known=$((known+1))
    else
      echo "FAIL $name: ${r#FAIL: }  [runc: $rr]"; failed=$((failed+1)); unexpected+=("$name")
    fi
  fi
  unset res obs
done
awk -F'\t' '$2 == "runc" || $2 == "ocirt" {t[$2]+=$3; n[$2]++} END {printf "scenario time:"; for (r in t) printf " %s %.1f s (%d runs)", r, t[r], n[r]; print ""}' "$TMP/results.tsv"
echo "summary: $pass passed, $known known failures, $failed unexpected failures${unexpected:+ (${unexpected[*]})}, $xpass known failures now passing"
[ $failed = 0 ]
