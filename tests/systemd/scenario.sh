#!/bin/bash
# scenario.sh NAME RUNTIME — runs one scenario function in a fresh process.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
. "$HERE/scenarios.sh"
RT=$2
"t_$1"
