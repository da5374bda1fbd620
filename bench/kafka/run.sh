#!/usr/bin/env bash
# Apache Kafka side of the benchmark: a single-node KRaft broker on 127.0.0.1 started from the Maven Central jars
# (bench/kafka/pom.xml), measured with Kafka's own ProducerPerformance and ConsumerPerformance for throughput and with
# Tributary's generator over kafka-clients for the fixed-rate latency workloads (Kafka's tools report whole
# milliseconds). Results go to $RESULTS as kafka.<mode>.<workload>.<metric> lines, the keys bench/run.sh's table reads.
#
#   MODES="durable interval", in that order, on one broker (one start and one JIT warm-up for both):
#   durable   log.flush.interval.messages=1: the broker fsyncs every append (Tributary's default durability)
#   interval  Kafka's default: the page cache, flushed by the OS (Tributary's --tributary.log.flush=interval)
# The mode is the cluster-wide dynamic default of log.flush.interval.messages (ConfigCommand --entity-default), which
# every topic without its own value follows at once, __consumer_offsets (the groups' commits) included; each mode
# writes topics of its own (their names carry the mode).
#
# Every run formats a fresh temp dir, stops the broker by its own PID and removes the dir on exit (also on Ctrl-C).
# Knobs (env): MODES (or MODE, one of them), RESULTS, BENCH_JAR, KAFKA_VERSION (4.4.0), LIB, PARTITIONS (3), WARMUP (3 s), DURATION (10 s per
# throughput workload), LAT_RATE (1000/s), JIT_WARMUP (20 s of unrecorded ProducerPerformance load before the first
# workload), LAT_WARMUP (10 s), LAT_SECONDS (10), E2E_SECONDS (10), CONSUME_MAX (2000000 records),
# BROKER_HEAP (1g), STEP_TIMEOUT (120 s per tool), OUT_DIR (where the broker log is kept), WORKLOADS (all);
# SERVICE_JAR + OVER_KAFKA_WORKLOADS ("p1k single consume1 e2e"): also Tributary with tributary.backend=kafka over
# this broker in the modes OVER_KAFKA_MODES names (default: all), measured with Tributary's generator (SERVICE_HEAP, PRODUCERS, SINGLE_CONNECTIONS as bench/run.sh).
#
# Client configurations (KAFKA_CONFIGS, default "par tuned tuned_par"; "" measures Kafka's default tools only). Every
# produce workload (p100b p1k p10k) runs first as ProducerPerformance, one default producer (keys kafka.<mode>.<w>.*),
# then once per configuration with Tributary's generator over kafka-clients (`kafka-produce`: N producers in one JVM,
# one measured window on one clock for all of them), on a topic of its own, keys kafka.<mode>.<w>_<config>.*:
#   par        PRODUCERS (4) producers, default settings but acks=all: the client parallelism of Tributary's rows
#   tuned      1 producer with TUNED_PRODUCER (throughput settings, below)
#   tuned_par  PRODUCERS producers with TUNED_PRODUCER
# and consume1 runs a second time as consume1_tuned: ConsumerPerformance with TUNED_CONSUMER's fetch sizes (when
# "tuned" or "tuned_par" is in KAFKA_CONFIGS).
# STARTUP=1: also record the broker's start-up (launch to "Kafka Server started"), resident memory and open file
# descriptors at rest (STARTUP_SETTLE s after the start), keys kafka.startup.*; bench/run.sh asks for it once per run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODES="${MODES:-${MODE:-durable}}"
MODE="" # the mode being measured, set per mode below
OVER_KAFKA_MODES="${OVER_KAFKA_MODES-$MODES}"
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
LIB="${LIB:-$HERE/../target/kafka-lib-${KAFKA_VERSION}}"
BENCH_JAR="${BENCH_JAR:-$HERE/../target/tributary-bench.jar}"
PARTITIONS="${PARTITIONS:-3}"
WARMUP="${WARMUP:-3}"
LAT_WARMUP="${LAT_WARMUP:-10}"
JIT_WARMUP="${JIT_WARMUP:-20}"
DURATION="${DURATION:-10}"
LAT_RATE="${LAT_RATE:-1000}"
LAT_SECONDS="${LAT_SECONDS:-10}"
E2E_SECONDS="${E2E_SECONDS:-10}"
CONSUME_MAX="${CONSUME_MAX:-2000000}"
BROKER_HEAP="${BROKER_HEAP:-1g}"
STEP_TIMEOUT="${STEP_TIMEOUT:-120}"
WORKLOADS="${WORKLOADS:-p100b p1k p10k lat consume1 e2e}"
KAFKA_CONFIGS="${KAFKA_CONFIGS-par tuned tuned_par}"
PRODUCERS="${PRODUCERS:-4}"
STARTUP="${STARTUP:-0}"
STARTUP_SETTLE="${STARTUP_SETTLE:-3}"
# Throughput settings after Kafka's and Confluent's producer tuning guidance (docs/benchmarks.md says why each):
# 1 MiB batches, 20 ms linger, acks=all as every row, no compression (Tributary compresses nothing), a 4 MiB request
# so that one produce request carries a full batch for each of the topic's 3 partitions, 64 MiB of buffer (room for
# 5 such requests in flight and the batches filling, ~18 MiB, twice over), and the kernel's socket-buffer autotuning
# (-1) instead of the fixed 128 KiB default.
TUNED_PRODUCER="${TUNED_PRODUCER:-acks=all,batch.size=1048576,linger.ms=20,compression.type=none,max.request.size=4194304,buffer.memory=67108864,send.buffer.bytes=-1}"
# Consumer fetch sizes: 8 MiB per partition and 64 MiB per fetch (the defaults: 1 MiB and 50 MiB), the broker answering
# once 1 MiB is there (default 1 byte), 10,000 records per poll (default 500), the kernel's receive-buffer autotuning.
# ConsumerPerformance sets max.partition.fetch.bytes and receive.buffer.bytes from its own options (--fetch-size,
# --socket-buffer-size), the rest from --command-property.
TUNED_FETCH_SIZE="${TUNED_FETCH_SIZE:-8388608}"
TUNED_SOCKET_BUFFER="${TUNED_SOCKET_BUFFER:--1}"
TUNED_CONSUMER="${TUNED_CONSUMER:-fetch.min.bytes=1048576 fetch.max.bytes=67108864 max.poll.records=10000}"
OUT_DIR="${OUT_DIR:-$HERE/../results/kafka-$(date -u +%Y%m%dT%H%M%SZ)}"
RESULTS="${RESULTS:-$OUT_DIR/results.tsv}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '[kafka %s %s] %s\n' "${MODE:-broker}" "$(date -u +%H:%M:%S)" "$*" >&2; }
for m in $MODES; do case "$m" in durable|interval) ;; *) log "MODES must be durable and/or interval, not $m"; exit 2 ;; esac; done

# ---------------------------------------------------------------- jars (once; Maven caches them in ~/.m2)
if [ ! -f "$LIB/kafka_2.13-${KAFKA_VERSION}.jar" ] || [ ! -f "$LIB/kafka-tools-${KAFKA_VERSION}.jar" ]; then
  log "fetching Kafka ${KAFKA_VERSION} jars into $LIB"
  mkdir -p "$LIB"
  "$ROOT/mvnw" -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" \
      -DoutputDirectory="$LIB" -DincludeScope=runtime
fi
[ -f "$BENCH_JAR" ] || { log "missing $BENCH_JAR: build it with ./mvnw -f bench/pom.xml package"; exit 1; }
CP="$LIB/*"

# ---------------------------------------------------------------- temp dir + cleanup
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tributary-bench-kafka.XXXXXX")"
mkdir -p "$OUT_DIR" "$(dirname "$RESULTS")"
BROKER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    log "stopping broker pid $BROKER_PID"
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$BROKER_PID" 2>/dev/null; then log "broker still up after 30 s, SIGKILL pid $BROKER_PID"; kill -KILL "$BROKER_PID" 2>/dev/null || true; fi
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  [ -f "$WORK/logs/server.log" ] && cp "$WORK/logs/server.log" "$OUT_DIR/kafka-server.log" 2>/dev/null || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=../lib.sh
. "$HERE/../lib.sh" # port_free, pick_port, jit_warmup
PORT="$(pick_port "${KAFKA_PORT:-19092}")"
CPORT="$(pick_port $((PORT+1)))"
BOOT="127.0.0.1:$PORT"

# ---------------------------------------------------------------- configs
mkdir -p "$WORK/data" "$WORK/logs"
cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CPORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CPORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$WORK/data
num.partitions=${PARTITIONS}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS

cat > "$WORK/log4j2-broker.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $WORK/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
PROPS
cat > "$WORK/log4j2-tools.properties" <<PROPS
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
PROPS

JVM_COMMON=(-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
            -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
tool() { # tool <heap> <main-class> args...  (bounded by STEP_TIMEOUT)
  local heap=$1; shift
  timeout --kill-after=10 "$STEP_TIMEOUT" "$JAVA" "-Xmx$heap" "${JVM_COMMON[@]}" \
    -Dlog4j2.configurationFile="$WORK/log4j2-tools.properties" -cp "$CP" "$@"
}
bench() { # bench <workload> --label=... args...  (Tributary's generator over kafka-clients; BENCH_HEAP, 512m)
  timeout --kill-after=10 "$STEP_TIMEOUT" "$JAVA" "-Xmx${BENCH_HEAP:-512m}" -jar "$BENCH_JAR" "$@" --out="$RESULTS" --bootstrap="$BOOT"
}
put() { printf 'kafka.%s.%s\t%s\t%s\n' "$MODE" "$1" "$2" "$3" | tee -a "$RESULTS"; }

# ---------------------------------------------------------------- format + start
CLUSTER_ID="$(tool 256m kafka.tools.StorageTool random-uuid | tail -1)"
tool 256m kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/server.properties" >/dev/null
log "starting broker on $BOOT ($("$JAVA" -version 2>&1 | head -1); modes: $MODES)"
LAUNCHED_NS="$(date +%s%N)"
"$JAVA" "-Xms$BROKER_HEAP" "-Xmx$BROKER_HEAP" "${JVM_COMMON[@]}" \
  -Dlog4j2.configurationFile="$WORK/log4j2-broker.properties" \
  -cp "$CP" kafka.Kafka "$WORK/server.properties" > "$WORK/logs/broker.out" 2>&1 &
BROKER_PID=$!
for i in $(seq 1 600); do # polled every 0.1 s: the start-up time is a figure (STARTUP=1)
  if ! kill -0 "$BROKER_PID" 2>/dev/null; then log "broker died:"; tail -50 "$WORK/logs/broker.out" "$WORK/logs/server.log" >&2; exit 1; fi
  if grep -q "Kafka Server started" "$WORK/logs/server.log" 2>/dev/null && ! port_free "$PORT"; then break; fi
  sleep 0.1
  [ "$i" = 600 ] && { log "broker not ready after 60 s"; exit 1; }
done
READY_NS="$(date +%s%N)"
log "broker pid $BROKER_PID ready"
if [ "$STARTUP" = 1 ]; then
  # the same three figures bench/run.sh takes of Tributary: process launch to ready, then at rest (no client yet)
  # resident memory and open file descriptors; the storage format before the first start is not counted
  sleep "$STARTUP_SETTLE"
  printf 'kafka.startup.ready_s\t%s\ts\n' "$(awk -v n="$((READY_NS - LAUNCHED_NS))" 'BEGIN { printf "%.3f", n / 1e9 }')" | tee -a "$RESULTS"
  printf 'kafka.startup.rss_mib\t%s\tMiB\n' "$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$BROKER_PID/status")" | tee -a "$RESULTS"
  printf 'kafka.startup.fds\t%s\tcount\n' "$(ls "/proc/$BROKER_PID/fd" | wc -l)" | tee -a "$RESULTS"
fi

producer_perf() { # seconds topic size: Kafka's ProducerPerformance, unthrottled, acks=all, one report per second
  # the tool has no duration option, so it is stopped by timeout
  timeout -s TERM "$1" "$JAVA" -Xmx512m "${JVM_COMMON[@]}" -Dlog4j2.configurationFile="$WORK/log4j2-tools.properties" \
    -cp "$CP" org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOT" --topic "$2" \
    --num-records 1000000000 --record-size "$3" --throughput -1 --command-property acks=all --reporting-interval 1000
}

# ProducerPerformance until it has printed this many one-second windows: they are counted from the tool's first report,
# so JVM start-up does not shorten the measurement; the timeout is the bound when it prints fewer
producer_perf_windows() { # windows topic size out
  producer_perf "$(($1 + 6))" "$2" "$3" > "$4" 2>&1 &
  local tool_pid=$! windows
  while kill -0 "$tool_pid" 2>/dev/null; do
    windows="$(grep -c 'records/sec' "$4" 2>/dev/null || true)"
    [ "${windows:-0}" -ge "$1" ] && break
    sleep 0.2
  done
  kill -TERM "$tool_pid" 2>/dev/null || true
  wait "$tool_pid" 2>/dev/null || true
}

# Closed-loop producer throughput, bounded in time: ProducerPerformance prints one line per second for the last window;
# the windows after the warm-up are averaged.
produce() { # workload size
  local workload=$1 size=$2 topic="perf-$MODE-$1" out="$OUT_DIR/kafka-$MODE-$1.txt" # created by measure_mode
  log "ProducerPerformance $workload: ${size} B records, acks=all, default producer, ${WARMUP}+${DURATION} s"
  producer_perf_windows "$((WARMUP + DURATION))" "$topic" "$size" "$out"
  # "123 records sent, 45678.9 records/sec (44.61 MB/sec), 12.3 ms avg latency, 45.6 ms max latency."
  local rps
  rps="$( (grep 'records/sec' "$out" || true) | awk -v skip="$WARMUP" -v take="$DURATION" \
    'NR > skip && NR <= skip + take { gsub(/[(),]/, ""); s += $4; n++ } END { if (n) printf "%.1f", s / n }')"
  if [ -z "$rps" ]; then log "no ProducerPerformance figures for $workload:"; tail -5 "$out" >&2; return 0; fi
  put "$workload.records_per_s" "$rps" "records/s"
  put "$workload.mib_per_s" "$(awk -v r="$rps" -v s="$size" 'BEGIN { printf "%.3f", r * s / 1048576 }')" "MiB/s"
}

# The same workload in the other client configurations (KAFKA_CONFIGS), each on a topic of its own
produce_configs() { # workload size
  local workload=$1 size=$2 config props producers
  for config in $KAFKA_CONFIGS; do
    case "$config" in
      # the default client with 4 producers shows what parallelism alone buys; on the 1 KiB workload only, to keep the
      # run within its time budget (the best configuration, a tuned one, runs on every workload)
      par)       [ "$workload" = p1k ] || continue; props="acks=all"; producers="$PRODUCERS" ;;
      tuned)     props="$TUNED_PRODUCER"; producers=1 ;;
      tuned_par) props="$TUNED_PRODUCER"; producers="$PRODUCERS" ;;
      *)         log "unknown Kafka configuration $config"; continue ;;
    esac
    log "kafka-produce ${workload}_$config: ${size} B records, $producers producer(s), $props, ${WARMUP}+${DURATION} s"
    # 4 producers x 64 MiB of buffer.memory: the generator gets a 1 GiB heap here
    BENCH_HEAP=1g bench kafka-produce --label="kafka.$MODE.${workload}_$config" --topic="perf-$MODE-$workload-$config" \
      --partitions="$PARTITIONS" --size="$size" --producers="$producers" --producer-props="$props" \
      --warmup="$WARMUP" --duration="$DURATION" > "$OUT_DIR/kafka-$MODE-${workload}_$config.txt" 2>&1 ||
      log "kafka-produce ${workload}_$config failed; see $OUT_DIR/kafka-$MODE-${workload}_$config.txt"
    grep -E '^kafka\.|^# ' "$OUT_DIR/kafka-$MODE-${workload}_$config.txt" | grep -E 'mib_per_s|errors|acked_not_stored|# ' >&2 || true
  done
}

# ConsumerPerformance over the 1 KiB topic that holds the most records (the default producer leaves few in the durable
# mode), stopping 2048 records (2 MiB) before its end, so that no fetch of the tuned consumer waits fetch.max.wait.ms
# for its fetch.min.bytes at the tail: both rows read the same records.
consume() { # suffix topic records extra-args...
  local suffix=$1 topic=$2 n=$3; shift 3
  log "ConsumerPerformance consume1$suffix: $n records of 1 KiB from $topic $*"
  local out="$OUT_DIR/kafka-$MODE-consume1$suffix.txt" line
  tool 512m org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOT" --topic "$topic" \
    --num-records "$n" --timeout 30000 --group "perf-$$$suffix" "$@" > "$out" 2>&1 || true
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
  # fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec   (fetch.* exclude joining the group)
  line="$(grep -E '^[0-9]{4}-' "$out" | tail -1 || true)"
  if [ -z "$line" ]; then log "no ConsumerPerformance figures:"; tail -5 "$out" >&2; return 0; fi
  put "consume1$suffix.mib_per_s" "$(echo "$line" | awk -F', *' '{print $9}')" "MiB/s"
  put "consume1$suffix.records_per_s" "$(echo "$line" | awk -F', *' '{print $10}')" "records/s"
  put "consume1$suffix.records" "$n" "records"
}

if [ "$JIT_WARMUP" -gt 0 ]; then
  # the broker's hot paths compiled before the first measured workload, as Tributary's are (bench/run.sh)
  log "JIT warm-up: ${JIT_WARMUP} s of ProducerPerformance, 1 KiB records (not recorded)"
  bench kafka-create-topics --topics=warmup --partitions="$PARTITIONS" >&2
  producer_perf_windows "$JIT_WARMUP" warmup 1024 "$WORK/warmup.txt"
fi

# The mode as the cluster-wide default every topic follows (dynamic: no restart, applied to the open logs at once)
set_mode() {
  local every=9223372036854775807 # Kafka's default: never by count
  [ "$MODE" = durable ] && every=1
  tool 256m org.apache.kafka.tools.ConfigCommand --bootstrap-server "$BOOT" --entity-type brokers --entity-default \
    --alter --add-config "log.flush.interval.messages=$every" >/dev/null || { log "could not set the $MODE mode"; exit 1; }
  log "flush: $([ "$MODE" = durable ] && echo 'every message (log.flush.interval.messages=1)' || echo 'page cache (Kafka'"'"'s default)')"
}

measure_mode() {
  # the ProducerPerformance topics of this mode in one JVM (a TopicCommand per topic cost ~2.5 s each)
  local topics="" w
  for w in $WORKLOADS; do case "$w" in p100b|p1k|p10k) topics="$topics${topics:+,}perf-$MODE-$w" ;; esac; done
  [ -z "$topics" ] || bench kafka-create-topics --topics="$topics" --partitions="$PARTITIONS" >&2 ||
    { log "could not create $topics"; return 1; }
  for w in $WORKLOADS; do
    case "$w" in
      p100b) produce p100b 100; produce_configs p100b 100 ;;
      p1k)   produce p1k 1024; produce_configs p1k 1024 ;;
      p10k)  produce p10k 10240; produce_configs p10k 10240 ;;
      lat)
        log "fixed-rate produce latency: 1 KiB @ ${LAT_RATE}/s, acks=all linger.ms=0, ${LAT_SECONDS} s"
        bench kafka-produce-latency --label="kafka.$MODE.lat" --topic="lat-$MODE" --partitions="$PARTITIONS" --size=1024 \
          --rate="$LAT_RATE" --warmup="$LAT_WARMUP" --duration="$LAT_SECONDS" >&2 || log "latency workload failed"
        ;;
      consume1)
        # the 1 KiB topic with the most records: one GetOffsetShell over all of them ("topic:partition:offset" lines)
        read -r topic n < <(tool 256m org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOT" --topic "perf-$MODE-p1k(-.*)?" \
          --time -1 2>/dev/null | awk -F: '{ s[$1] += $NF } END { for (t in s) print t, s[t] }' | sort -k2,2nr | head -1) || true
        n=$(( ${n:-0} - 2048 )); [ "$n" -gt "$CONSUME_MAX" ] && n="$CONSUME_MAX"
        if [ -z "${topic:-}" ] || [ "$n" -le 0 ]; then log "consume1 needs the p1k workload first"; continue; fi
        consume "" "$topic" "$n"
        if [[ " $KAFKA_CONFIGS " == *" tuned"* ]]; then
          # shellcheck disable=SC2086 # TUNED_CONSUMER is a list of properties
          consume _tuned "$topic" "$n" --fetch-size "$TUNED_FETCH_SIZE" --socket-buffer-size="$TUNED_SOCKET_BUFFER" \
            $(for p in $TUNED_CONSUMER; do printf -- '--command-property %s ' "$p"; done)
        fi
        ;;
      e2e)
        log "fixed-rate end-to-end latency: 1 KiB @ ${LAT_RATE}/s, 1 partition, group consumer, ${E2E_SECONDS} s"
        bench kafka-e2e --label="kafka.$MODE.e2e" --topic="e2e-$MODE" --partitions=1 --size=1024 --rate="$LAT_RATE" \
          --warmup="$LAT_WARMUP" --duration="$E2E_SECONDS" >&2 || log "end-to-end workload failed"
        ;;
      *) log "unknown workload $w" ;;
    esac
  done

  # Tributary over this broker (tributary.backend=kafka): the same generator workloads as Tributary's own rows, so the
  # cost of the HTTP hop in front of Kafka is a measured ratio (keys tribkafka.<mode>.<workload>.<metric>).
  if [ -n "${SERVICE_JAR:-}" ] && [ -n "${OVER_KAFKA_WORKLOADS:-}" ] && [[ " $OVER_KAFKA_MODES " == *" $MODE "* ]]; then
    TPORT="$(pick_port 18190)"
    TURL="http://127.0.0.1:$TPORT"
    log "Tributary over Kafka on $TURL (tributary.backend=kafka, bootstrap $BOOT)"
    "$JAVA" "-Xms${SERVICE_HEAP:-1g}" "-Xmx${SERVICE_HEAP:-1g}" -jar "$SERVICE_JAR" --server.port="$TPORT" \
      --server.address=127.0.0.1 --tributary.backend=kafka --tributary.kafka.bootstrap-servers="$BOOT" \
      --tributary.kafka.replication-factor=1 > "$OUT_DIR/tributary-over-kafka-$MODE.log" 2>&1 &
    TRIB_PID=$!
    gen() { timeout --kill-after=10 "$STEP_TIMEOUT" "$JAVA" -Xmx512m -jar "$BENCH_JAR" "$@"; }
    if gen wait-ready --url="$TURL" --timeout=90; then
      if [ "$JIT_WARMUP" -gt 0 ]; then # as Tributary's own rows: measured warm, not while the JIT compiles
        log "Tributary over Kafka: JIT warm-up, ${JIT_WARMUP} s (not recorded)"
        jit_warmup "$TURL" "$JIT_WARMUP" "$OUT_DIR/warmup.tsv" "tk-$MODE-warmup" || log "Tributary over Kafka: warm-up failed"
      fi
      label="tribkafka.$MODE"
      common=(--out="$RESULTS" --url="$TURL" --warmup="$WARMUP" --duration="$DURATION")
      for w in $OVER_KAFKA_WORKLOADS; do
        log "Tributary over Kafka: $w"
        case "$w" in
          p1k)      gen produce --label="$label.p1k" "${common[@]}" --topic="tk-$MODE-p1k" --size=1024 --batch=1000 --producers="${PRODUCERS:-4}" ;;
          single)   gen produce --label="$label.single" "${common[@]}" --topic="tk-$MODE-single" --size=1024 --batch=1 --producers="${SINGLE_CONNECTIONS:-32}" ;;
          consume1) gen consume --label="$label.consume1" --out="$RESULTS" --url="$TURL" --topic="tk-$MODE-p1k" --consumers=1 --records="$CONSUME_MAX" --timeout=60 ;;
          e2e)      gen e2e --label="$label.e2e" --out="$RESULTS" --url="$TURL" --topic="tk-$MODE-e2e" --partitions=1 --size=1024 --rate="$LAT_RATE" --warmup="$LAT_WARMUP" --duration="$E2E_SECONDS" ;;
          *)        log "unknown Tributary-over-Kafka workload $w" ;;
        esac || log "Tributary over Kafka: $w failed (exit $?)"
      done
    else
      log "Tributary over Kafka did not start; see $OUT_DIR/tributary-over-kafka-$MODE.log"
    fi
    kill "$TRIB_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$TRIB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$TRIB_PID" 2>/dev/null || true
  fi
}

for MODE in $MODES; do
  sync # the previous mode's (or system's) page-cache writeback is not this mode's to wait for
  set_mode
  measure_mode
done
log "done"
