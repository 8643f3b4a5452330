#!/bin/bash
# run-systemd.sh — the conformance tests of the systemd cgroup driver (Category=Systemd), for real:
# under tests/systemd/env.sh's systemd (PID 1 with its system bus, own cgroup2 root), once with the
# fork-safe init and once with OCIRT_INIT=reexec. Elsewhere (make test) those tests skip with the reason.
#
# Env: OCIRT_BIN (default bin/ocirt), OCIRT_SYSTEMD_ENV (default tests/systemd/env.sh),
#      OCIRT_SYSTEMD_DIR (the environment's state dir; default one of its own per run).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ENV_SH=${OCIRT_SYSTEMD_ENV:-$REPO/tests/systemd/env.sh}
BIN=$(realpath "${OCIRT_BIN:-$REPO/bin/ocirt}")
[ -x "$ENV_SH" ] || { echo "run-systemd.sh: no systemd environment script at $ENV_SH" >&2; exit 1; }
[ -x "$BIN" ] || { echo "run-systemd.sh: no runtime binary at $BIN (make)" >&2; exit 1; }

# Built before the environment starts: its root is an overlay of this host's root taken at boot.
dotnet build "$REPO/tests/conformance/Ocirt.Tests.Conformance.csproj" -c Release --nologo -v quiet
DLL=$(ls "$REPO"/tests/conformance/bin/Release/net*/Ocirt.Tests.Conformance.dll | head -1)

export OCIRT_SYSTEMD_DIR=${OCIRT_SYSTEMD_DIR:-/tmp/ocirt-systemd-conformance.$$}
trap '"$ENV_SH" stop' EXIT
"$ENV_SH" start >/dev/null
status=0
for init in forksafe reexec; do
  echo "== systemd driver conformance, init: $init"
  "$ENV_SH" exec env OCIRT_BIN="$BIN" OCIRT_INIT="$([ $init = reexec ] && echo reexec)" HOME=/root \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    dotnet test "$DLL" --filter "Category=Systemd" --results-directory /tmp/systemd-conformance-results || status=1
done
exit $status
