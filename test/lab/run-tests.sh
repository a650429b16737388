#!/usr/bin/env bash
# npm run test:lab: start the lab, run the lab tests inside its namespace, stop the lab even when
# the tests fail. Needs root and the packages of test/lab/install.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
node dist/test/lab/cli.js start || exit 1
trap 'node dist/test/lab/cli.js stop' EXIT
state_dir="${MAILCHECK_LAB_DIR:-/tmp/mailcheck-lab}"
ip netns exec mclab env MAILCHECK_LAB_DIR="$state_dir" NODE_EXTRA_CA_CERTS="$state_dir/pki/lab-ca.pem" \
  node_modules/.bin/mocha --config test/lab/mocharc.json
