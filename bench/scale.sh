#!/usr/bin/env bash
# The scale part of npm run bench (issue 16 §5): a real PostgreSQL and Redis in a temporary directory
# on free loopback ports (test/services/services.sh), the scale benchmark, then both stopped.
set -uo pipefail
cd "$(dirname "$0")/.."
. test/services/services.sh
services_start || exit 1
trap services_stop EXIT
node dist/bench/scale-bench.js
