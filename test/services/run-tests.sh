#!/usr/bin/env bash
# npm run test:services: the store contract on a real PostgreSQL, the job queue on a real Redis, and
# replicas as real processes on both; the servers are started here and stopped even when tests fail.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/services/services.sh
services_start || exit 1
trap services_stop EXIT
node_modules/.bin/mocha --config test/services/mocharc.json "$@"
