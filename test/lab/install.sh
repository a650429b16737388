#!/usr/bin/env bash
# Installs, from Debian's packages (root), what the integration tests run against: the lab's servers
# Chromium for the web chat's browser test, and sslscan to cross-check our TLS findings. Used by .ci/run; safe to run again.
# No package may start a daemon during the install (Debian's unbound would try to reach the real root).
set -euo pipefail
PACKAGES=(knot knot-dnsutils unbound ldnsutils bind9-dnsutils postfix nginx-light openssl iproute2 procps chromium sslscan)

missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && { echo "lab: packages present"; exit 0; }

created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT

echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "lab: installed ${missing[*]}"
