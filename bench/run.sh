#!/usr/bin/env bash
# npm run bench: start the lab with the 342 benchmark zones, add network delay if the kernel allows,
# run bench/mail-bench.ts inside the namespace, stop the lab. Root required.
set -uo pipefail
cd "$(dirname "$0")/.."
MAILCHECK_LAB_BENCH=1 node dist/test/lab/cli.js start || exit 1
trap 'node dist/test/lab/cli.js stop' EXIT
delay=0
if ip netns exec mclab tc qdisc add dev lo root netem delay 10ms 2>/dev/null; then delay=10; fi
ip netns exec mclab env MAILCHECK_LAB_DIR="${MAILCHECK_LAB_DIR:-/tmp/mailcheck-lab}" BENCH_DELAY_MS="$delay" node dist/bench/mail-bench.js
# The scale benchmark (PostgreSQL and Redis with worker processes against the embedded default).
bash bench/scale.sh
