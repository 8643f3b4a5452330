# Tiny assert library for the docker scenarios. A scenario is a function t_NAME, run in its own
# process (scenario.sh) with $RT = runtime name (runc | ocirt) and $IMG = the busybox image.
# It prints an observation on stdout (compared between runc and ocirt unless listed in
# NOCOMPARE) and fails with `fail REASON` (or any assert below).

fail() { printf '%s\n' "$*" > "$REASON"; exit 1; }
expect_eq() {   # got want what
  [ "$1" = "$2" ] || fail "$3: got '$(printf %s "$1" | head -c 400 | tr '\n' '|')', want '$2'"
}
expect_match() {   # got regex what
  printf '%s' "$1" | grep -Eq -- "$2" || fail "$3: '$(printf %s "$1" | head -c 400 | tr '\n' '|')' does not match /$2/"
}
expect_nomatch() {   # got regex what
  printf '%s' "$1" | grep -Eq -- "$2" && fail "$3: '$(printf %s "$1" | head -c 400 | tr '\n' '|')' matches /$2/"
  return 0
}
# docker run with the runtime under test; the container name gets the runtime as suffix.
drun() { docker run --runtime "$RT" "$@"; }
cn() { echo "e2e-$1-$RT"; }
# Wait until a container's state is $2 (running|exited|paused), up to ~10 s.
wait_state() {
  local i s
  for i in $(seq 1 100); do
    s=$(docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null)
    [ "$s" = "$2" ] && return 0
    sleep 0.1
  done
  fail "container $1: state '$s', want '$2'"
}
# Wait until `docker logs` of $1 matches regex $2, up to ~10 s.
wait_logs() {
  local i
  for i in $(seq 1 100); do
    docker logs "$1" 2>&1 | grep -Eq -- "$2" && return 0
    sleep 0.1
  done
  fail "container $1: logs '$(docker logs "$1" 2>&1 | tail -5 | tr '\n' '|')' never matched /$2/"
}
