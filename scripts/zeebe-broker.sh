#!/usr/bin/env bash
# One standalone Zeebe broker (with its embedded gateway) for CI and local
# integration runs, from the Maven Central distribution: no Docker needed.
#
#   scripts/zeebe-broker.sh fetch    download (cached) and unpack the distribution
#   scripts/zeebe-broker.sh start    start it, wait until the gateway answers, print its version
#   scripts/zeebe-broker.sh stop     stop it (TERM, then KILL after a bounded wait), remove its data
#   scripts/zeebe-broker.sh status   say whether it runs, and its topology
#
# Then: ZEEBE_GRPC_ADDRESS=grpc://127.0.0.1:26500 npx mocha test/server/engine/conformance.spec.ts
#
# Version: 8.6.0 is the newest 8.6 patch Maven Central serves to this project
# (8.5.8 is the newest 8.5). 8.6.0 starts and passes the conformance suite on
# Temurin 25 (the JVM prints restricted-method warnings for Tomcat/Netty and
# nothing worse), so no fallback to 8.5 was needed.
#
# Incidents: Zeebe hands incident keys only to exporters (its gRPC API has no
# query, and 8.6's REST incident search needs Elasticsearch). The broker is
# started with Zeebe's bundled Elasticsearch exporter restricted to incident
# events and pointed at the zeebe engine adapter's incident sink
# (server/engine/zeebe/incident-sink.ts), which keeps them in its table.
set -euo pipefail

ZEEBE_VERSION=8.6.0
ZEEBE_CACHE="${ZEEBE_CACHE:-$HOME/.cache/zhuce/zeebe}"
ZEEBE_HOME="$ZEEBE_CACHE/camunda-zeebe-$ZEEBE_VERSION"
ZEEBE_RUN_DIR="${ZEEBE_RUN_DIR:-${TMPDIR:-/tmp}/zhuce-zeebe}"
PID_FILE="$ZEEBE_RUN_DIR/broker.pid"
LOG_FILE="$ZEEBE_RUN_DIR/broker.log"
DATA_DIR_FILE="$ZEEBE_RUN_DIR/data-dir"

GATEWAY_PORT="${ZEEBE_GATEWAY_PORT:-26500}"
REST_PORT="${ZEEBE_REST_PORT:-8080}"
MONITORING_PORT="${ZEEBE_MONITORING_PORT:-9600}"
INCIDENT_SINK_URL="${ZEEBE_INCIDENT_SINK_URL:-http://127.0.0.1:26510}"
START_TIMEOUT="${ZEEBE_START_TIMEOUT:-180}"
STOP_TIMEOUT="${ZEEBE_STOP_TIMEOUT:-30}"
# The broker refuses commands when free disk falls under the processing
# watermark. Zeebe's defaults (2GB / 1GB) are for production volumes; a CI
# machine's /tmp is often smaller and nothing here is worth keeping.
DISK_FREE_PROCESSING="${ZEEBE_DISK_FREE_PROCESSING:-512MB}"
DISK_FREE_REPLICATION="${ZEEBE_DISK_FREE_REPLICATION:-256MB}"
BROKER_JAVA_OPTS="${ZEEBE_JAVA_OPTS:--Xms256m -Xmx1g}"

die() { echo "zeebe-broker: $*" >&2; exit 1; }
say() { echo "zeebe-broker: $*"; }

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# Zeebe 8.6 needs Java 21 or newer; the machine's default java is 17.
find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    major="$(java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

topology() { curl -fsS --max-time 3 "http://127.0.0.1:$REST_PORT/v2/topology" 2>/dev/null; }

cmd_fetch() {
  if [ -x "$ZEEBE_HOME/bin/broker" ]; then say "distribution $ZEEBE_VERSION already at $ZEEBE_HOME"; return 0; fi
  command -v mvn >/dev/null || die "mvn not found: the distribution comes from Maven Central through Maven"
  mkdir -p "$ZEEBE_CACHE"
  local archive="$ZEEBE_CACHE/camunda-zeebe-$ZEEBE_VERSION.tar.gz"
  if [ ! -s "$archive" ]; then
    say "downloading io.camunda:camunda-zeebe:$ZEEBE_VERSION:tar.gz from Maven Central"
    mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      "-Dartifact=io.camunda:camunda-zeebe:$ZEEBE_VERSION:tar.gz" \
      "-DoutputDirectory=$ZEEBE_CACHE" || die "download of camunda-zeebe $ZEEBE_VERSION failed"
  fi
  local staging; staging="$(mktemp -d "$ZEEBE_CACHE/unpack.XXXXXX")"
  tar -xzf "$archive" -C "$staging" || { rm -rf "$staging"; die "could not unpack $archive"; }
  mv "$staging/camunda-zeebe-$ZEEBE_VERSION" "$ZEEBE_HOME"
  rm -rf "$staging"
  # The unpacked tree is the cache; the archive (~290 MB) and Maven's own copy of it are not needed again.
  rm -f "$archive"
  rm -rf "${MAVEN_REPOSITORY:-$HOME/.m2/repository}/io/camunda/camunda-zeebe/$ZEEBE_VERSION"
  say "unpacked to $ZEEBE_HOME"
}

# Only incident events go to the sink: it is the one record type the engine
# adapter needs, and every other value type would cost a request per record.
write_exporter_config() {
  local file="$1" flag
  {
    echo "zeebe:"
    echo "  broker:"
    echo "    exporters:"
    echo "      incidentsink:"
    echo "        className: io.camunda.zeebe.exporter.ElasticsearchExporter"
    echo "        args:"
    echo "          url: $INCIDENT_SINK_URL"
    echo "          bulk:"
    echo "            size: 1"
    echo "            delay: 1"
    echo "          index:"
    echo "            prefix: zeebe-incident"
    echo "            createTemplate: false"
    echo "            event: true"
    echo "            command: false"
    echo "            rejection: false"
    echo "            incident: true"
    for flag in decision decisionEvaluation decisionRequirements deployment error job jobBatch message \
      messageBatch messageSubscription process processInstance processInstanceBatch processInstanceCreation \
      processInstanceMigration processInstanceModification processMessageSubscription variable variableDocument \
      checkpoint timer messageStartEventSubscription processEvent deploymentDistribution escalation signal \
      signalSubscription resourceDeletion commandDistribution form userTask compensationSubscription \
      messageCorrelation user authorization; do
      echo "            $flag: false"
    done
  } > "$file"
}

cmd_start() {
  if pid="$(running_pid)"; then say "already running (pid $pid)"; return 0; fi
  cmd_fetch
  command -v curl >/dev/null || die "curl not found: it is used to wait for the gateway"
  local java_home
  java_home="$(find_java_home)" || die "no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm/*); Zeebe $ZEEBE_VERSION needs one"
  if (exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null; then
    die "port $GATEWAY_PORT is taken by another process; stop it or set ZEEBE_GATEWAY_PORT"
  fi

  mkdir -p "$ZEEBE_RUN_DIR"
  local data_dir; data_dir="$(mktemp -d "${TMPDIR:-/tmp}/zhuce-zeebe-data.XXXXXX")"
  echo "$data_dir" > "$DATA_DIR_FILE"
  write_exporter_config "$ZEEBE_RUN_DIR/exporter.yaml"

  say "starting Zeebe $ZEEBE_VERSION with $java_home (data in $data_dir, log in $LOG_FILE)"
  (
    export JAVA_HOME="$java_home"
    export JAVA_OPTS="$BROKER_JAVA_OPTS"
    export SPRING_CONFIG_ADDITIONAL_LOCATION="file:$ZEEBE_RUN_DIR/exporter.yaml"
    export ZEEBE_BROKER_DATA_DIRECTORY="$data_dir"
    export ZEEBE_BROKER_DATA_DISK_ENABLEMONITORING=true
    export ZEEBE_BROKER_DATA_DISK_FREESPACE_PROCESSING="$DISK_FREE_PROCESSING"
    export ZEEBE_BROKER_DATA_DISK_FREESPACE_REPLICATION="$DISK_FREE_REPLICATION"
    export ZEEBE_BROKER_NETWORK_HOST=127.0.0.1
    export ZEEBE_BROKER_GATEWAY_NETWORK_HOST=127.0.0.1
    export ZEEBE_BROKER_GATEWAY_NETWORK_PORT="$GATEWAY_PORT"
    export ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT=$((GATEWAY_PORT + 1))
    export ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT=$((GATEWAY_PORT + 2))
    export SERVER_ADDRESS=127.0.0.1
    export SERVER_PORT="$REST_PORT"
    export MANAGEMENT_SERVER_ADDRESS=127.0.0.1
    export MANAGEMENT_SERVER_PORT="$MONITORING_PORT"
    exec 9>&- # the broker must not hold the script's lock
    # bin/broker execs java, so the background pid is the JVM's.
    exec setsid nohup "$ZEEBE_HOME/bin/broker" > "$LOG_FILE" 2>&1 < /dev/null
  ) &
  local pid=$!
  echo "$pid" > "$PID_FILE"

  local waited=0 topo=""
  while [ "$waited" -lt "$START_TIMEOUT" ]; do
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$LOG_FILE" >&2; rm -f "$PID_FILE"; die "broker exited during start-up (log above)"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null; then
      topo="$(topology || true)"
      if echo "$topo" | grep -q '"role":"leader","health":"healthy"'; then
        local version; version="$(echo "$topo" | sed -n 's/.*"gatewayVersion":"\([^"]*\)".*/\1/p')"
        say "Zeebe broker $version ready: gateway grpc://127.0.0.1:$GATEWAY_PORT (pid $pid, ${waited}s)"
        return 0
      fi
    fi
    sleep 1; waited=$((waited + 1))
  done
  tail -n 40 "$LOG_FILE" >&2
  cmd_stop
  die "gateway did not answer on $GATEWAY_PORT within ${START_TIMEOUT}s"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    say "stopping broker (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$STOP_TIMEOUT" ]; do sleep 1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      say "broker did not stop within ${STOP_TIMEOUT}s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  else
    say "not running"
  fi
  rm -f "$PID_FILE"
  if [ -f "$DATA_DIR_FILE" ]; then rm -rf "$(cat "$DATA_DIR_FILE")"; rm -f "$DATA_DIR_FILE"; fi
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    say "running (pid $pid)"
    topology && echo || say "gateway not answering yet"
  else
    say "not running"
    return 1
  fi
}

# Two callers sharing a run directory (a developer's shell and a CI run) take turns,
# so neither overwrites the other's pid file between its check and its start.
with_lock() {
  mkdir -p "$ZEEBE_RUN_DIR"
  exec 9>"$ZEEBE_RUN_DIR/lock"
  flock 9
  "$@"
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) with_lock cmd_start ;;
  stop) with_lock cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
