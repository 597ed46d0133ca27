#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster from the Debian binaries, for CI and for
# developers without Docker.
#   scripts/postgres-server.sh start   prints the DATABASE_URL on stdout
#   scripts/postgres-server.sh stop
# PG_SERVER_OPTIONS adds server settings, e.g. "-c shared_buffers=2GB" (the
# benchmark's million-task inbox must fit in memory, as on a tuned server).
# initdb refuses to run as root, so the cluster belongs to the `postgres` user
# that the Debian package creates.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STATE=${PG_STATE_DIR:-/tmp/zhuce-postgres}

ensure_installed() {
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL 15 not found under $PGBIN; installing from Debian" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
  fi
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  ensure_installed
  stop >/dev/null 2>&1 || true
  rm -rf "$STATE" && mkdir -p "$STATE"
  [ "$(id -u)" = 0 ] && chown postgres "$STATE"
  local port
  port=$(free_port)
  as_postgres "$PGBIN/initdb -D '$STATE/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$STATE/initdb.log" 2>&1 ||
    { cat "$STATE/initdb.log" >&2; exit 1; }
  as_postgres "$PGBIN/pg_ctl -D '$STATE/data' -l '$STATE/server.log' -w -t 60 \
    -o \"-p $port -k '$STATE' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${PG_SERVER_OPTIONS:-}\" start" >&2 ||
    { cat "$STATE/server.log" >&2; exit 1; }
  echo "$port" >"$STATE/port"
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  [ -d "$STATE/data" ] || return 0
  as_postgres "$PGBIN/pg_ctl -D '$STATE/data' -m fast -w -t 30 stop" >&2 || true
  rm -rf "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
