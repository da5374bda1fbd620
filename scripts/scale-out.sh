#!/usr/bin/env bash
# A local Apache Kafka cluster and several Tributary nodes over it, on 127.0.0.1 (docs/scale-out.md):
#   scripts/scale-out.sh start    3 KRaft brokers (Kafka 4.4.0, the jars Maven already fetched for the tests) on
#                                 127.0.0.1:9092-9094 (so the seed article's kafkajs code, which says localhost:9092, runs unchanged), then Tributary nodes on :8081 and :8082 with tributary.backend=kafka
#   scripts/scale-out.sh stop     stops them all (by the PIDs it wrote) and removes their data
#   scripts/scale-out.sh status
# Knobs (env): NODES=2 (Tributary nodes), BROKER_HEAP=512m, NODE_HEAP=512m, WORK=target/scale-out
# Nothing listens beyond loopback; nothing outside $WORK is written.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-$ROOT/target/scale-out}"
NODES="${NODES:-2}"
BROKER_HEAP="${BROKER_HEAP:-512m}"
NODE_HEAP="${NODE_HEAP:-512m}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BROKERS=3
log() { printf '[scale-out] %s\n' "$*" >&2; }

stop_all() {
  [ -d "$WORK/pids" ] || { log "nothing running"; return 0; }
  for f in "$WORK"/pids/*; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    log "stopped $(basename "$f") (pid $pid)"
  done
  rm -rf "$WORK"
}

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 240); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "$what did not come up; logs in $WORK/logs"; exit 1
}

start_all() {
  [ -d "$WORK/pids" ] && { log "already started ($WORK); run stop first"; exit 1; }
  mkdir -p "$WORK/pids" "$WORK/logs"
  log "building the service jar and resolving the Kafka broker jars (test scope) with Maven"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package && ./mvnw -B -q dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt")
  local cp jar
  cp="$(cat "$WORK/classpath.txt")"
  jar="$(ls "$ROOT"/target/tributary-*.jar | grep -v '\.original$' | head -1)"

  local voters="" bootstrap=""
  for id in $(seq 1 $BROKERS); do
    voters+="${voters:+,}${id}@127.0.0.1:$((19192 + id))"
    bootstrap+="${bootstrap:+,}127.0.0.1:$((9091 + id))"
  done
  local cluster_id
  cluster_id="$("$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  for id in $(seq 1 $BROKERS); do
    local dir="$WORK/broker$id"
    mkdir -p "$dir"
    cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((9091 + id)),CONTROLLER://127.0.0.1:$((19192 + id))
advertised.listeners=PLAINTEXT://127.0.0.1:$((9091 + id))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
    printf '<configuration><appender name="F" class="ch.qos.logback.core.FileAppender"><file>%s</file><encoder><pattern>[%%d] %%level %%msg%%n</pattern></encoder></appender><root level="INFO"><appender-ref ref="F"/></root></configuration>' \
      "$WORK/logs/broker$id.log" > "$dir/logback.xml"
    "$JAVA" -cp "$cp" -Dlogback.configurationFile="$dir/logback.xml" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$dir/server.properties" >/dev/null
    "$JAVA" "-Xmx$BROKER_HEAP" -Dlogback.configurationFile="$dir/logback.xml" -cp "$cp" kafka.Kafka \
      "$dir/server.properties" > "$WORK/logs/broker$id.out" 2>&1 &
    echo $! > "$WORK/pids/broker$id"
    log "broker $id: 127.0.0.1:$((9091 + id)) (pid $!)"
  done

  for n in $(seq 1 "$NODES"); do
    local port=$((8080 + n))
    "$JAVA" "-Xmx$NODE_HEAP" -jar "$jar" --server.port=$port --server.address=127.0.0.1 \
      --tributary.backend=kafka --tributary.kafka.bootstrap-servers="$bootstrap" \
      --tributary.kafka.node-url="http://127.0.0.1:$port" > "$WORK/logs/node$n.log" 2>&1 &
    echo $! > "$WORK/pids/node$n"
    log "Tributary node $n: http://127.0.0.1:$port (pid $!)"
  done
  for n in $(seq 1 "$NODES"); do
    wait_for "node $n" curl -sf "http://127.0.0.1:$((8080 + n))/actuator/health"
  done
  log "up: Kafka at $bootstrap; Tributary at$(for n in $(seq 1 "$NODES"); do printf ' http://127.0.0.1:%s' $((8080 + n)); done)"
  log "stop with: scripts/scale-out.sh stop"
}

case "${1:-}" in
  start) start_all ;;
  stop) stop_all ;;
  status) for f in "$WORK"/pids/*; do [ -f "$f" ] && { p=$(cat "$f"); kill -0 "$p" 2>/dev/null && s=running || s=gone; echo "$(basename "$f") $p $s"; }; done ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
