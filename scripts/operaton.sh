#!/usr/bin/env bash
# Operaton engine nodes (engine/operaton, a Spring Boot jar) on PostgreSQL, for
# CI and for developers without Docker.
#
#   scripts/operaton.sh build                  build target/zhuce-operaton.jar unless it is up to date
#   scripts/operaton.sh start [--nodes N] [--db postgres://…] [--port P]
#                                              start N nodes (default 1) on ports P, P+1, … (default 8080),
#                                              one after the other; prints export lines to eval:
#     eval "$(scripts/operaton.sh start --nodes 2)"   → OPERATON_URLS, OPERATON_USER, OPERATON_PASSWORD
#   scripts/operaton.sh env                    print those export lines again
#   scripts/operaton.sh status                 each node's pid, port and whether it answers
#   scripts/operaton.sh kill-node K            kill -9 node K (1-based), to test fail-over
#   scripts/operaton.sh start-node K           start node K again with the same settings, wait until it answers
#   scripts/operaton.sh stop                   stop every node, clean the state dir
#
# The database: --db, else $DATABASE_URL when it is a postgres:// URL, else the
# cluster of scripts/postgres-server.sh (its state dir, PG_STATE_DIR). The nodes
# use the database zhuce_operaton (OPERATON_DB_NAME) on that server, created
# here when missing; every node of a cluster shares it.
#
# Environment: OPERATON_STATE_DIR (/tmp/zhuce-operaton: settings, logs, pids, the
# jar the nodes run), OPERATON_USER (zhuce), OPERATON_PASSWORD (default: 32 hex
# digits generated once and kept in the state dir; `stop` keeps that file, since
# an existing database keeps the engine user with the password it was created
# with), OPERATON_JAVA_OPTS (-Xmx512m), OPERATON_START_TIMEOUT (180 s per node),
# OPERATON_MAVEN_REPO ($HOME/.m2/repository), JAVA_HOME (Java 17).
#
# All progress goes to stderr; stdout carries only the export lines.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROJECT="$ROOT/engine/operaton"
JAR="$PROJECT/target/zhuce-operaton.jar"
STATE=${OPERATON_STATE_DIR:-/tmp/zhuce-operaton}
MAVEN_REPO=${OPERATON_MAVEN_REPO:-$HOME/.m2/repository}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
START_TIMEOUT=${OPERATON_START_TIMEOUT:-180}
STOP_TIMEOUT=${OPERATON_STOP_TIMEOUT:-30}
DB_NAME=${OPERATON_DB_NAME:-zhuce_operaton}

say() { echo "operaton: $*" >&2; }
die() { echo "operaton: $*" >&2; exit 1; }

java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"
  elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then echo /usr/lib/jvm/java-17-openjdk-amd64
  else
    local java; java=$(command -v java) || die "no Java 17 found (set JAVA_HOME)"
    dirname "$(dirname "$(readlink -f "$java")")"
  fi
}

# ---- build ------------------------------------------------------------------

jar_is_current() {
  [ -f "$JAR" ] && [ -z "$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$JAR" -print -quit)" ]
}

cmd_build() {
  if jar_is_current; then say "$JAR is up to date"; return 0; fi
  command -v mvn >/dev/null || die "mvn not found"
  local jh; jh=$(java_home)
  say "building $JAR (Java at $jh, Maven repository $MAVEN_REPO)"
  mkdir -p "$MAVEN_REPO"
  local started=$SECONDS
  (cd "$PROJECT" && JAVA_HOME="$jh" mvn -q -B -Dstyle.color=never -DskipTests "-Dmaven.repo.local=$MAVEN_REPO" package) >&2 ||
    die "the Maven build failed (output above)"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
  # Maven keeps the jar's time when nothing changed; touch it so the check above holds.
  touch "$JAR"
  say "built in $((SECONDS - started)) s"
}

# ---- database ---------------------------------------------------------------

urldecode() { local s=${1//+/ }; printf '%b' "${s//%/\\x}"; }

default_db_url() {
  if [[ "${DATABASE_URL:-}" == postgres://* || "${DATABASE_URL:-}" == postgresql://* ]]; then
    echo "$DATABASE_URL"; return 0
  fi
  local port_file="${PG_STATE_DIR:-/tmp/zhuce-postgres}/port"
  [ -f "$port_file" ] ||
    die "no PostgreSQL: pass --db postgres://…, set DATABASE_URL, or run scripts/postgres-server.sh start"
  echo "postgres://postgres@127.0.0.1:$(cat "$port_file")/postgres"
}

# Sets DB_USER, DB_PASSWORD, DB_HOST, DB_PORT from a postgres:// URL.
parse_db_url() {
  local url=$1 rest auth hostport
  local url_re='^postgres(ql)?://([^/?]*)(/[^?]*)?([?].*)?$' hostport_re='^(\[[^]]*\]|[^:]*)(:([0-9]+))?$'
  [[ "$url" =~ $url_re ]] || die "not a postgres:// URL: $url"
  rest=${BASH_REMATCH[2]}
  if [[ "$rest" == *@* ]]; then auth=${rest%@*}; hostport=${rest##*@}; else auth=""; hostport=$rest; fi
  DB_USER=$(urldecode "${auth%%:*}"); DB_USER=${DB_USER:-postgres}
  if [[ "$auth" == *:* ]]; then DB_PASSWORD=$(urldecode "${auth#*:}"); else DB_PASSWORD=""; fi
  if [[ "$hostport" =~ $hostport_re ]]; then
    DB_HOST=${BASH_REMATCH[1]:-127.0.0.1}; DB_PORT=${BASH_REMATCH[3]:-5432}
  else
    die "cannot read host and port from $url"
  fi
}

psql_bin() {
  if [ -x "$PGBIN/psql" ]; then echo "$PGBIN/psql"; else command -v psql || die "psql not found (PGBIN=$PGBIN)"; fi
}

ensure_database() {
  local url=$1 psql exists
  psql=$(psql_bin)
  exists=$(PGCONNECT_TIMEOUT=10 "$psql" "$url" -XAtq -v ON_ERROR_STOP=1 \
    -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") || die "cannot reach PostgreSQL at $url"
  if [ "$exists" = 1 ]; then say "database $DB_NAME exists"; return 0; fi
  say "creating database $DB_NAME"
  PGCONNECT_TIMEOUT=10 "$psql" "$url" -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB_NAME" >&2 ||
    die "could not create database $DB_NAME"
}

# ---- nodes ------------------------------------------------------------------

load_settings() {
  [ -f "$STATE/settings" ] || die "not started (no $STATE/settings); run scripts/operaton.sh start"
  # shellcheck source=/dev/null
  . "$STATE/settings"
}

node_port() { echo $((S_BASE_PORT + $1 - 1)); }
node_pid() { [ -f "$STATE/node-$1/pid" ] && cat "$STATE/node-$1/pid"; }
# A node this invocation started and killed stays a zombie until waited for: that is not alive.
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$s" != Z* ]]; }
node_running() { local pid; pid=$(node_pid "$1") && alive "$pid"; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of an authenticated GET; the credentials go to curl on stdin, not on its command line.
auth_status() {
  printf 'user = "%s:%s"\n' "$S_USER" "$S_PASSWORD" |
    curl -sS -K - --max-time 5 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true
}

launch_node() {
  local k=$1 port dir
  port=$(node_port "$k")
  dir="$STATE/node-$k"
  port_taken "$port" && die "port $port is taken by another process (choose another with --port)"
  mkdir -p "$dir/tmp"
  say "starting node $k on 127.0.0.1:$port (log $dir/log)"
  (
    export OPERATON_JDBC_URL="$S_JDBC_URL" OPERATON_DB_USER="$S_DB_USER" OPERATON_DB_PASSWORD="$S_DB_PASSWORD"
    export OPERATON_HOST=127.0.0.1 OPERATON_PORT="$port"
    export OPERATON_USER="$S_USER" OPERATON_PASSWORD="$S_PASSWORD"
    exec 9>&- # the node must not hold the script's lock
    # bash writes its own pid and execs java, so the pid file names the JVM even if setsid forks.
    # shellcheck disable=SC2086
    exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" "$S_JAVA" $S_JAVA_OPTS \
      "-Djava.io.tmpdir=$dir/tmp" -jar "$STATE/zhuce-operaton.jar" >"$dir/log" 2>&1 </dev/null
  ) &
  disown $! 2>/dev/null || true # no "Killed" notice from this shell when a failed start kills the node
  local waited=0
  while [ ! -s "$dir/pid" ] && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  [ -s "$dir/pid" ] || die "node $k did not start"
}

# Waits until node k answers: the open GET /engine, then an authenticated query.
# A wrong password locks the engine user for 3 s, then 6, 12 … (60 at most) on
# every node, and for good after 10 failures (Operaton's login throttling); probes
# while it is locked do not count. So a 401 that lasts 20 s (two or three failed
# logins) means the password is wrong, and stopping there keeps the user usable.
wait_for_node() {
  local k=$1 port base started=$SECONDS first401="" code
  port=$(node_port "$k")
  base="http://127.0.0.1:$port/engine-rest"
  while [ $((SECONDS - started)) -lt "$START_TIMEOUT" ]; do
    if ! node_running "$k"; then
      node_failed "$k" "node $k exited during start-up"; return 1
    fi
    if curl -fsS --max-time 5 -o /dev/null "$base/engine" 2>/dev/null; then
      code=$(auth_status "$base/process-definition?maxResults=1")
      if [ "$code" = 200 ]; then
        say "node $k answers on $base after $((SECONDS - started)) s"
        return 0
      fi
      if [ "$code" != 401 ]; then first401=""
      elif [ -z "$first401" ]; then first401=$SECONDS
      elif [ $((SECONDS - first401)) -ge 20 ]; then
        # An existing database keeps the engine user with the password it was created with.
        node_failed "$k" "node $k answers 401 to user $S_USER: the database $DB_NAME has that user with another password (set OPERATON_PASSWORD to it, or drop the database), or it is locked after failed logins"
        return 1
      fi
    fi
    sleep 1
  done
  node_failed "$k" "node $k did not answer on $base within ${START_TIMEOUT} s"
  return 1
}

node_failed() {
  local k=$1
  echo "---- tail of $STATE/node-$k/log ----" >&2
  tail -n 60 "$STATE/node-$k/log" >&2 2>/dev/null || true
  echo "----" >&2
  say "$2"
  kill_node_now "$k"
}

kill_node_now() {
  local pid waited=0
  pid=$(node_pid "$1") || return 0
  kill -KILL "$pid" 2>/dev/null || true
  # A loaded machine can take seconds to reap a killed JVM (and free its port).
  while alive "$pid" && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  rm -f "$STATE/node-$1/pid"
}

# Plain values stay readable; anything else is quoted for the shell.
shell_word() { if [[ "$1" =~ ^[A-Za-z0-9_.,:/@%+=-]*$ ]]; then printf '%s' "$1"; else printf '%q' "$1"; fi; }

print_env() {
  local k urls=""
  for ((k = 1; k <= S_NODES; k++)); do
    urls+="${urls:+,}http://127.0.0.1:$(node_port "$k")/engine-rest"
  done
  echo "export OPERATON_URLS=$(shell_word "$urls")"
  echo "export OPERATON_USER=$(shell_word "$S_USER")"
  echo "export OPERATON_PASSWORD=$(shell_word "$S_PASSWORD")"
}

any_running() {
  local dir
  for dir in "$STATE"/node-*; do
    [ -f "$dir/pid" ] && alive "$(cat "$dir/pid")" && return 0
  done
  return 1
}

cmd_start() {
  local nodes=1 db="" port=8080
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
      --db) db=${2:?--db needs a URL}; shift 2 ;;
      --port) port=${2:?--port needs a number}; shift 2 ;;
      *) die "unknown option $1 (start [--nodes N] [--db postgres://…] [--port P])" ;;
    esac
  done
  [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "--nodes must be a positive number"
  [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
  [[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]*$ ]] || die "OPERATON_DB_NAME must be a plain lower-case identifier"
  command -v curl >/dev/null || die "curl not found: it is used to wait for the nodes"
  any_running && die "nodes of $STATE are running; scripts/operaton.sh env prints their settings, stop stops them"
  local p
  for ((p = port; p < port + nodes; p++)); do
    port_taken "$p" && die "port $p is taken by another process (choose other ports with --port)"
  done

  cmd_build
  [ -n "$db" ] || db=$(default_db_url)
  parse_db_url "$db"
  ensure_database "$db"

  # A fresh state dir; only the generated password survives from an earlier run.
  mkdir -p "$STATE"
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name password -exec rm -rf {} +
  chmod 700 "$STATE"
  local password=${OPERATON_PASSWORD:-}
  if [ -z "$password" ]; then
    [ -s "$STATE/password" ] || (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$STATE/password")
    password=$(cat "$STATE/password")
  fi
  # The nodes run a copy of the jar, so a rebuild while they run cannot pull it from under them.
  cp "$JAR" "$STATE/zhuce-operaton.jar"
  local jh; jh=$(java_home)
  (
    umask 077
    exec >"$STATE/settings"
    printf 'S_NODES=%q\nS_BASE_PORT=%q\n' "$nodes" "$port"
    printf 'S_JDBC_URL=%q\nS_DB_USER=%q\nS_DB_PASSWORD=%q\n' \
      "jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" "$DB_USER" "$DB_PASSWORD"
    printf 'S_USER=%q\nS_PASSWORD=%q\n' "${OPERATON_USER:-zhuce}" "$password"
    printf 'S_JAVA=%q\nS_JAVA_OPTS=%q\n' "$jh/bin/java" "${OPERATON_JAVA_OPTS:--Xmx512m}"
  )
  load_settings

  # One after the other: the first node creates the schema, the next ones find it.
  local k started=$SECONDS
  for ((k = 1; k <= nodes; k++)); do
    launch_node "$k"
    wait_for_node "$k" || { stop_nodes; die "start failed; logs are in $STATE (scripts/operaton.sh stop cleans up)"; }
  done
  say "$nodes node(s) up in $((SECONDS - started)) s"
  print_env
}

cmd_start_node() {
  local k=${1:-}
  load_settings
  [[ "$k" =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$S_NODES" ] || die "node must be 1..$S_NODES"
  if node_running "$k"; then say "node $k is running (pid $(node_pid "$k"))"; return 0; fi
  # Right after kill-node the old process may still hold the port for a moment.
  local port waited=0
  port=$(node_port "$k")
  while port_taken "$port" && [ "$waited" -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  launch_node "$k"
  wait_for_node "$k" || die "node $k did not come back; its log is $STATE/node-$k/log"
}

cmd_kill_node() {
  local k=${1:-}
  load_settings
  [[ "$k" =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le "$S_NODES" ] || die "node must be 1..$S_NODES"
  node_running "$k" || { say "node $k is not running"; return 0; }
  say "kill -9 node $k (pid $(node_pid "$k"))"
  kill_node_now "$k"
}

# TERM to every node, KILL to those still there after STOP_TIMEOUT.
stop_nodes() {
  local dir pid pids=() waited=0
  for dir in "$STATE"/node-*; do
    [ -f "$dir/pid" ] || continue
    pid=$(cat "$dir/pid")
    alive "$pid" || continue
    say "stopping ${dir##*/} (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  while [ "$waited" -lt $((STOP_TIMEOUT * 10)) ]; do
    local left=0
    for pid in "${pids[@]}"; do alive "$pid" && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.1; waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do
    alive "$pid" && { say "pid $pid did not stop within ${STOP_TIMEOUT} s, killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  done
  sleep 0.5
}

cmd_stop() {
  [ -d "$STATE" ] || { say "not running"; return 0; }
  stop_nodes
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name password -exec rm -rf {} +
  say "stopped; $STATE cleaned"
}

cmd_status() {
  load_settings
  local k ok=0 port pid code
  for ((k = 1; k <= S_NODES; k++)); do
    port=$(node_port "$k")
    if node_running "$k"; then
      pid=$(node_pid "$k")
      code=$(auth_status "http://127.0.0.1:$port/engine-rest/process-definition?maxResults=1")
      case "$code" in
        200) echo "node $k: pid $pid, http://127.0.0.1:$port/engine-rest, answers" ;;
        401) echo "node $k: pid $pid, http://127.0.0.1:$port/engine-rest, answers 401 (wrong password, or the user is locked after a failed login)"; ok=1 ;;
        *) echo "node $k: pid $pid, http://127.0.0.1:$port/engine-rest, not answering (yet)"; ok=1 ;;
      esac
    else
      echo "node $k: down (port $port)"; ok=1
    fi
  done
  return $ok
}

# Two callers sharing a state dir take turns (the lock sits next to the dir, which stop cleans).
with_lock() {
  mkdir -p "$(dirname "$STATE")"
  exec 9>"$STATE.lock"
  flock -w 600 9 || die "another scripts/operaton.sh holds $STATE.lock"
  "$@"
}

case "${1:-}" in
  build) cmd_build ;;
  start) shift; with_lock cmd_start "$@" ;;
  stop) with_lock cmd_stop ;;
  status) cmd_status ;;
  env) load_settings; print_env ;;
  kill-node) with_lock cmd_kill_node "${2:-}" ;;
  start-node) with_lock cmd_start_node "${2:-}" ;;
  *) echo "usage: $0 build | start [--nodes N] [--db postgres://…] [--port P] | stop | status | env | kill-node K | start-node K" >&2; exit 2 ;;
esac
