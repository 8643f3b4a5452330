#!/bin/sh
# Runs the conformance suite (namespace Ocirt.Conformance) in a private mount namespace with a pure cgroup v2
# view at /sys/fs/cgroup (the host's v1 hierarchies are never touched). Root only.
#   OCIRT_BIN=/usr/sbin/runc tests/conformance/Suite/run-suite.sh            # check the tests against runc
#   tests/conformance/Suite/run-suite.sh --filter 'FullyQualifiedName~Lifecycle'
set -eu
repo=$(cd "$(dirname "$0")/../../.." && pwd)
export OCIRT_BIN="${OCIRT_BIN:-$repo/bin/ocirt}"
filter="FullyQualifiedName~Ocirt.Conformance."
if [ "${1:-}" = "--filter" ]; then filter="$filter&$2"; shift 2; fi
exec unshare -m --propagation private sh -c 'umount -R /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$@"' sh \
    dotnet test "$repo/tests/conformance/Ocirt.Tests.Conformance.csproj" --nologo --filter "$filter" "$@"
