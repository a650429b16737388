#!/usr/bin/env bash
# A real PostgreSQL and a real Redis (Debian's postgresql and redis-server), each in a temporary
# directory on a free loopback port and a unix socket, for the scale-out tests (issue 16). Source it:
#   . test/services/services.sh; services_start; ...; services_stop
# It exports MAILCHECK_TEST_PG (TCP URL), MAILCHECK_TEST_PG_SOCKET (the socket's directory) and
# MAILCHECK_TEST_REDIS. Nothing outside the temporary directory is touched; only the servers started here are stopped.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

services_start() {
  MC_SERVICES_DIR="$(mktemp -d /tmp/mc-services.XXXXXX)"
  local pg_bin
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$pg_bin" ] || ! command -v redis-server >/dev/null; then
    echo "services: PostgreSQL or Redis is missing: apt-get install postgresql redis-server" >&2
    return 1
  fi
  # PostgreSQL refuses to run as root: as root, run it as Debian's postgres user.
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$MC_SERVICES_DIR"
    as_pg=(runuser -u postgres --)
  fi
  local pg_port redis_port
  pg_port="$(free_port)"
  redis_port="$(free_port)"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$MC_SERVICES_DIR/pg" -U mailcheck --auth=trust -E UTF8 --no-instructions >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$MC_SERVICES_DIR/pg" -l "$MC_SERVICES_DIR/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $MC_SERVICES_DIR -c fsync=off -c max_connections=300" start >/dev/null
  redis-server --bind 127.0.0.1 --port "$redis_port" --unixsocket "$MC_SERVICES_DIR/redis.sock" \
    --save '' --appendonly no --dir "$MC_SERVICES_DIR" --daemonize yes --pidfile "$MC_SERVICES_DIR/redis.pid" \
    --logfile "$MC_SERVICES_DIR/redis.log"
  for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export MC_SERVICES_DIR MC_PG_BIN="$pg_bin"
  export MAILCHECK_TEST_PG="postgresql://mailcheck@127.0.0.1:$pg_port/postgres"
  export MAILCHECK_TEST_PG_SOCKET="$MC_SERVICES_DIR"
  export MAILCHECK_TEST_PG_PORT="$pg_port"
  export MAILCHECK_TEST_REDIS="redis://127.0.0.1:$redis_port"
}

services_stop() {
  [ -n "${MC_SERVICES_DIR:-}" ] || return 0
  local as_pg=()
  [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$MC_PG_BIN/pg_ctl" -D "$MC_SERVICES_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  if [ -f "$MC_SERVICES_DIR/redis.pid" ]; then kill "$(cat "$MC_SERVICES_DIR/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$MC_SERVICES_DIR"
}
