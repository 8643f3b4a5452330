# Asserts and helpers for the systemd scenarios. A scenario t_NAME runs with $RT = runc | ocirt,
# prints its observation on stdout and fails with `fail REASON` (or an assert below).
fail() { printf '%s\n' "$*" > "$REASON"; exit 1; }
expect_eq() {   # got want what
  [ "$1" = "$2" ] || fail "$3: got '$(printf %s "$1" | head -c 400 | tr '\n' '|')', want '$2'"
}
expect_match() {   # got regex what
  printf '%s' "$1" | grep -Eq -- "$2" || fail "$3: '$(printf %s "$1" | head -c 400 | tr '\n' '|')' does not match /$2/"
}
# The docker runtime name of $RT (both are traced wrappers: see inner.sh).
drt() { [ "$RT" = runc ] && echo runc-traced || echo ocirt; }
drun() { docker run --runtime "$(drt)" "$@"; }
# The runtime binary for podman (--runtime takes a path).
prt() { [ "$RT" = runc ] && echo "$RUNC_TRACED" || echo "$OCIRT_TRACED"; }
prun() { podman --runtime "$(prt)" "$@"; }
cn() { echo "e2e-$1-$RT"; }
# A unit's property: unit prop
unit_prop() { systemctl show -p "$2" --value "$1"; }
# Wait until `cmd...` prints $1, up to ~10 s.
wait_for() {
  local want=$1 i got; shift
  for i in $(seq 1 100); do got=$("$@" 2>/dev/null); [ "$got" = "$want" ] && return 0; sleep 0.1; done
  fail "'$*' printed '$got', want '$want'"
}
# The lines the runtime got since $1 (a line count of its trace log).
trace_since() { tail -n +"$(( $1 + 1 ))" "$WORK/trace.$RT.log" 2>/dev/null; }
trace_lines() { wc -l < "$WORK/trace.$RT.log" 2>/dev/null || echo 0; }
