#!/usr/bin/env bash
# One command for the whole comparison, on this machine, in one run:
#   1. builds the service jar (root ./mvnw package -Dmaven.test.skip=true) and the load generator (bench/pom.xml);
#   2. measures the physical limits: the data disk (O_DIRECT sequential write, append+fsync rate and latency) and the
#      loopback HTTP ceiling of a do-nothing JDK HTTP handler (with the generator, and with wrk when available);
#   3. runs the workloads on Tributary, durable default and --tributary.log.flush=interval;
#   4. runs them on Apache Kafka 4.4.0 (bench/kafka/run.sh), flush on every message and page-cache default, in its
#      default client configuration and in throughput-tuned ones (KAFKA_CONFIGS);
#   5. prints ONE table: workload | Tributary | Kafka (its best configuration) | ratio | Kafka configuration | physical
#      limit (also in bench/results/<run>/table.md).
# Before the workloads, once: start-up time, resident memory and open FDs at rest of both systems (STARTUP).
# Everything listens on 127.0.0.1 only; every process it starts is stopped by its PID; data dirs are removed.
#
# Knobs (env):
#   QUICK=1          shorter windows, no [durable-vt] latency row (about 7 minutes in all instead of about 15)
#   WARMUP=2 DURATION=8    seconds of warm-up and measurement per throughput workload
#   LAT_RATE=1000    fixed rate (records/s) of the latency workloads; LAT_SECONDS=8; LAT_WARMUP=8 (seconds at the
#                    same rate before recording, on both systems: JIT compilation of the server and the generator
#                    otherwise dominates the tail of an 8 s window on 2 cores)
#   JIT_WARMUP=16    seconds of unrecorded load that start every server (Tributary: single-record then batched produce;
#                    Kafka: ProducerPerformance) so that no measured row pays for the JIT compiling its hot paths;
#                    the [durable-vt] server twice as long (its single-record rows come first, not after batched ones)
#   MODES="durable interval"   SYSTEMS="limits tributary kafka"   (add "partitions" for bench/partitions.sh, the
#                    many-partitions table: about 3 minutes with PARTITION_COUNTS=1000, 7 with the default "1000 10000")
#   TRIB_WORKLOADS="p100b p1k p10k p1k_keyed single wrk1 lat consume1 consume3 e2e"  (when wrk1 is in it, wrkget,
#                    the ceiling of Tributary's own HTTP stack, runs first in the durable run unless STACK_CEILING=0)
#   KAFKA_WORKLOADS="p100b p1k p10k lat consume1 e2e"
#   OVER_KAFKA_WORKLOADS="p1k single consume1 e2e"   Tributary over that Kafka broker (tributary.backend=kafka); "" skips
#   OVER_KAFKA_MODES="interval"   the broker modes Tributary over Kafka runs in (the HTTP hop costs the same over either;
#                    the page-cache broker keeps the broker's fsyncs out of it, and one mode keeps the run in its budget)
#   PRODUCERS=4      connections of the batched produce workloads (and producers of Kafka's parallel rows);
#                    SINGLE_CONNECTIONS=32 for one record per request
#   KAFKA_CONFIGS="par tuned tuned_par"   Kafka's client configurations besides its default tools (bench/kafka/run.sh):
#                    PRODUCERS default producers, 1 and PRODUCERS throughput-tuned producers, a tuned consumer; the
#                    table compares every Tributary row with the best of them ("" measures the default tools only)
#   STARTUP=1        once per run, before the workloads: Tributary's start to /actuator/health UP with the JVM's default
#                    heap and an empty data dir, then its resident memory and open file descriptors at rest
#                    (STARTUP_SETTLE=3 s later); the same for Kafka's broker at its first start; 0 skips
#   CONSUME_MAX=1000000   records read by the consume workloads (from the 1 KiB produce topic)
#   SERVICE_HEAP=1g  -Xms/-Xmx of Tributary (Kafka's broker gets the same by default)
#   PROFILE=1        record a JFR profile of each Tributary run into the results dir; PROFILE=async a CPU flame
#                    graph with async-profiler (from Maven Central) instead
#   BENCH_JAVA_HOME  the JDK the servers run on (default: JAVA_HOME, else java on the PATH)
#   VT_WORKLOADS="single wrk1 lat e2e"   run again, durable, on the newest JDK 21+ when the servers' JDK is older
#   SKIP_BUILD=1     reuse target/tributary-*.jar and bench/target/tributary-bench.jar
#   DATA_ROOT        where data dirs go (default bench/target/data: the disk the repository is on)
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
if [ "${QUICK:-0}" = 1 ]; then
  WARMUP="${WARMUP:-1}"; DURATION="${DURATION:-3}"; LAT_SECONDS="${LAT_SECONDS:-4}"; LAT_WARMUP="${LAT_WARMUP:-3}"; JIT_WARMUP="${JIT_WARMUP:-6}"; CONSUME_MAX="${CONSUME_MAX:-300000}"
  VT_WORKLOADS="${VT_WORKLOADS:-single wrk1 e2e}" # the JDK 25 rows without their produce-latency row: 7 s less
fi
WARMUP="${WARMUP:-2}"
DURATION="${DURATION:-8}"
LAT_RATE="${LAT_RATE:-1000}"
LAT_SECONDS="${LAT_SECONDS:-8}"
LAT_WARMUP="${LAT_WARMUP:-8}"
JIT_WARMUP="${JIT_WARMUP:-16}"
CONSUME_MAX="${CONSUME_MAX:-1000000}"
MODES="${MODES:-durable interval}"
SYSTEMS="${SYSTEMS:-limits tributary kafka}"
TRIB_WORKLOADS="${TRIB_WORKLOADS:-p100b p1k p10k p1k_keyed single wrk1 lat consume1 consume3 e2e}"
# the ceiling of Tributary's own HTTP stack (Tomcat + Spring MVC + filters): a GET that touches no file, durable run only
[ "${STACK_CEILING:-1}" = 1 ] && [[ " $TRIB_WORKLOADS " == *" wrk1 "* ]] && TRIB_WORKLOADS_DURABLE="wrkget $TRIB_WORKLOADS"
KAFKA_WORKLOADS="${KAFKA_WORKLOADS:-p100b p1k p10k lat consume1 e2e}"
# Tributary with tributary.backend=kafka over the same broker, right after Kafka's own rows ("" skips it)
OVER_KAFKA_WORKLOADS="${OVER_KAFKA_WORKLOADS-p1k single consume1 e2e}"
OVER_KAFKA_MODES="${OVER_KAFKA_MODES-interval}"
PRODUCERS="${PRODUCERS:-4}"
SINGLE_CONNECTIONS="${SINGLE_CONNECTIONS:-32}"
SERVICE_HEAP="${SERVICE_HEAP:-1g}"
KAFKA_CONFIGS="${KAFKA_CONFIGS-par tuned tuned_par}"
STARTUP="${STARTUP:-1}"
STARTUP_SETTLE="${STARTUP_SETTLE:-3}"
DATA_ROOT="${DATA_ROOT:-$BENCH/target/data}"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$BENCH/results/$RUN_ID"
RESULTS="$OUT/results.tsv"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The servers (Tributary, Kafka, the do-nothing handler) run on one JVM: $BENCH_JAVA_HOME, else the default java.
SERVER_JAVA_HOME="${BENCH_JAVA_HOME:-${JAVA_HOME:-}}"
SERVER_JAVA="${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java"
java_major() { "$1" -version 2>&1 | head -1 | sed -E 's/.*version "([0-9]+).*/\1/'; }
# The Docker image runs Tributary on Java 21, where spring.threads.virtual.enabled puts request handling on virtual
# threads. When the servers' JVM is older, the durable single-record workloads run once more on the newest JDK 21+
# installed (mode durable-vt), so the table shows both.
newest_jdk21() {
  local best="" best_version=0 d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] || continue
    v="$(java_major "$d/bin/java")"
    if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best="${d%/}"; best_version=$v; fi
  done
  echo "$best"
}
VT_JAVA=""
if [ "$(java_major "$SERVER_JAVA")" -lt 21 ] 2>/dev/null && [ -n "$(newest_jdk21)" ]; then VT_JAVA="$(newest_jdk21)/bin/java"; fi
VT_WORKLOADS="${VT_WORKLOADS:-single wrk1 lat e2e}"
JAR="$BENCH/target/tributary-bench.jar"
START_SECONDS=$SECONDS

mkdir -p "$OUT" "$DATA_ROOT"
: > "$RESULTS"
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

PIDS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do stop_pid "$pid"; done
  rm -rf "$DATA_ROOT"/run-*
  exit $rc
}
# stop_pid (TERM, wait up to 30 s, then KILL: only processes this script started), port_free, pick_port
# shellcheck source=lib.sh
. "$BENCH/lib.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

async_profiler() { # the agent library for this machine, fetched once from Maven Central into bench/target
  local dir="$BENCH/target/async-profiler" arch
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) log "no async-profiler for $(uname -m)"; return 1 ;; esac
  if [ ! -f "$dir/$arch/libasyncProfiler.so" ]; then
    (cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory="$dir") >&2
    (cd "$dir" && unzip -q -o async-profiler-4.1.jar "$arch/*")
  fi
  echo "$dir/$arch/libasyncProfiler.so"
}
gen() { # the load generator, bounded in time like every step
  timeout --kill-after=10 300 "$JAVA" -Xms512m -Xmx1g -jar "$JAR" "$@"
}

# ---------------------------------------------------------------- 1. build
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building the service (./mvnw -B -q package -Dmaven.test.skip=true: the tests are neither compiled nor run) and the generator"
  (cd "$ROOT" && ./mvnw -B -q package -Dmaven.test.skip=true)
  (cd "$ROOT" && ./mvnw -B -q -f bench/pom.xml package)
fi
SERVICE_JAR="$(ls "$ROOT"/target/tributary-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -1 || true)"

# ---------------------------------------------------------------- machine
{
  echo "run: $RUN_ID   commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "memory: $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "disk ($DATA_ROOT): $(df -hT "$DATA_ROOT" | awk 'NR==2{print $1" "$2", "$3" size, "$5" free"}')"
  echo "jdk (servers): $("$SERVER_JAVA" -version 2>&1 | head -1); jdk (generator): $("$JAVA" -version 2>&1 | head -1)"
  if [ -n "$VT_JAVA" ]; then echo "jdk (durable-vt rows, virtual threads): $("$VT_JAVA" -version 2>&1 | head -1)"; fi
  echo "kernel: $(uname -r)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "windows: warm-up ${WARMUP} s + ${DURATION} s per throughput workload; latency at ${LAT_RATE}/s: ${LAT_WARMUP} s warm-up + ${LAT_SECONDS} s"
} | tee "$OUT/env.txt" >&2

# the machine may be shared: sample the load every 10 s so the results say how busy it was
( while :; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 10; done ) > "$OUT/load.log" 2>/dev/null &
PIDS+=("$!")

# wrk drives the single-record produce at the lowest client cost; Debian packages it
WRK="$(command -v wrk || true)"
if [ -z "$WRK" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing wrk (Debian package)"
  if (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1)); then
    WRK="$(command -v wrk || true)"
  fi
fi
[ -z "$WRK" ] && log "wrk not available: the wrk rows stay empty"
# one record of exactly 1024 bytes (341 x "AAA" + "A"), the same request the generator's single workload sends
cat > "$OUT/produce-1k.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/vnd.kafka.binary.v2+json"
wrk.headers["Accept"] = "application/vnd.kafka.v2+json"
wrk.body = '{"records":[{"value":"' .. string.rep("QUFB", 341) .. 'QQ=="}]}'
EOF
run_wrk() { # label url [script [warm-up s]]: warm-up, then a measured window; records requests/s, or nothing on errors
  local label=$1 url=$2 out="$OUT/wrk-${1//./-}.txt" script=() warmup=${4:-$WARMUP}
  [ "${3-produce}" = produce ] && script=(-s "$OUT/produce-1k.lua")
  "$WRK" -t2 -c"$SINGLE_CONNECTIONS" -d"${warmup}s" "${script[@]+"${script[@]}"}" "$url" > /dev/null 2>&1 || true
  "$WRK" -t2 -c"$SINGLE_CONNECTIONS" -d"${DURATION}s" --latency "${script[@]+"${script[@]}"}" "$url" > "$out" 2>&1 || true
  local rps bad
  rps="$(awk '/^Requests\/sec:/{print $2}' "$out")"
  bad="$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")"
  if [ -n "$bad" ] && [ "$bad" != 0 ]; then log "wrk $label: $bad non-2xx responses, figure dropped (see $out)"; return 0; fi
  [ -n "$rps" ] && printf '%s.requests_per_s\t%s\trequests/s\n' "$label" "$rps" | tee -a "$RESULTS"
}

# ---------------------------------------------------------------- 2. physical limits
if [[ " $SYSTEMS " == *" limits "* ]]; then
  log "disk limits in $DATA_ROOT"
  gen disk --label=limit.disk --out="$RESULTS" --dir="$DATA_ROOT/run-disk" --seq-mib=1024 \
    --fsync-seconds="$(( DURATION < 5 ? DURATION : 5 ))"
  rm -rf "$DATA_ROOT/run-disk"
  port="$(pick_port 18080)"
  log "HTTP ceiling: do-nothing JDK handler on 127.0.0.1:$port"
  "$SERVER_JAVA" -Xms256m -Xmx256m -jar "$JAR" trivial-server --port="$port" > "$OUT/trivial-server.log" 2>&1 &
  TRIVIAL_PID=$!; PIDS+=("$TRIVIAL_PID")
  for _ in $(seq 1 40); do port_free "$port" || break; sleep 0.25; done
  gen produce --label=limit.http --out="$RESULTS" --url="http://127.0.0.1:$port" --topic=ceiling --size=1024 --batch=1 \
    --producers="$SINGLE_CONNECTIONS" --warmup="$WARMUP" --duration="$DURATION" --create=false --verify=false
  [ -n "$WRK" ] && run_wrk limit.wrk "http://127.0.0.1:$port/topics/ceiling"
  # the latency floor of the platform: the same fixed-rate schedule against a handler that does nothing
  gen produce-latency --label=limit.httplat --out="$RESULTS" --url="http://127.0.0.1:$port" --topic=ceiling --create=false \
    --size=1024 --rate="$LAT_RATE" --warmup="$LAT_WARMUP" --duration="$LAT_SECONDS"
  stop_pid "$TRIVIAL_PID"
fi

# ---------------------------------------------------------------- 3. Tributary
health_up() { # port: /actuator/health answers UP (plain bash, so that no client JVM competes with the start-up)
  local reply
  reply="$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3 && cat <&3' _ "$1" 2>/dev/null)" || return 1
  [[ "$reply" == *'"status":"UP"'* ]]
}
startup_probe() { # once per run: launch to healthy, then resident memory and open FDs at rest; default heap, empty dir
  local port data pid launched ready=""
  port="$(pick_port 18090)"
  data="$DATA_ROOT/run-tributary-startup"
  rm -rf "$data"; mkdir -p "$data"
  log "Tributary start-up: JVM default heap (no -Xms/-Xmx), empty data dir, 127.0.0.1:$port"
  launched="$(date +%s%N)"
  "$SERVER_JAVA" -jar "$SERVICE_JAR" --server.port="$port" --tributary.data-dir="$data" > "$OUT/tributary-startup.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 1 1200); do # polled every 0.1 s, up to 2 minutes
    kill -0 "$pid" 2>/dev/null || break
    if health_up "$port"; then ready="$(date +%s%N)"; break; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    log "Tributary did not become healthy; see $OUT/tributary-startup.log"
  else
    sleep "$STARTUP_SETTLE"
    printf 'trib.startup.ready_s\t%s\ts\n' "$(awk -v n="$((ready - launched))" 'BEGIN { printf "%.3f", n / 1e9 }')" | tee -a "$RESULTS"
    printf 'trib.startup.rss_mib\t%s\tMiB\n' "$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")" | tee -a "$RESULTS"
    printf 'trib.startup.fds\t%s\tcount\n' "$(ls "/proc/$pid/fd" | wc -l)" | tee -a "$RESULTS"
  fi
  stop_pid "$pid"
  rm -rf "$data"
}
tributary() { # mode java workloads
  local mode=$1 java=$2 workloads=$3 port data flags=() jfr=()
  port="$(pick_port 18090)"
  data="$DATA_ROOT/run-tributary-$mode"
  rm -rf "$data"; mkdir -p "$data"
  # the previous run's gigabytes (the interval mode leaves them to the kernel) are written back and freed now, not
  # during this run's fsyncs
  sync
  [ "$mode" = interval ] && flags=(--tributary.log.flush=interval)
  case "${PROFILE:-0}" in
    1) jfr=("-XX:StartFlightRecording=filename=$OUT/tributary-$mode.jfr,settings=profile") ;;
    async) jfr=("-agentpath:$(async_profiler)=start,event=cpu,interval=1ms,file=$OUT/tributary-$mode-cpu.html") ;;
  esac
  log "Tributary [$mode] on 127.0.0.1:$port, data in $data ${flags[*]+"${flags[*]}"}"
  "$java" "-Xms$SERVICE_HEAP" "-Xmx$SERVICE_HEAP" "${jfr[@]+"${jfr[@]}"}" -jar "$SERVICE_JAR" --server.port="$port" \
    --tributary.data-dir="$data" "${flags[@]+"${flags[@]}"}" > "$OUT/tributary-$mode.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  if ! gen wait-ready --url="http://127.0.0.1:$port" --timeout=90; then
    log "Tributary [$mode] did not start; see $OUT/tributary-$mode.log"; stop_pid "$pid"; return 0
  fi
  local url="http://127.0.0.1:$port" label="trib.$mode"
  local common=(--out="$RESULTS" --url="$url" --warmup="$WARMUP" --duration="$DURATION")
  local jit="$JIT_WARMUP"
  # The JDK 17 servers measure single records after their batched rows, tens of seconds more of load; the JDK 25 one
  # measures them first. Warmed up as long as the others, its QUICK rows measured a JIT still at work (durable, 6 s:
  # 4.3k req/s on either JDK; 20 s: JDK 17 7.1k, JDK 25 9.7k), so it warms up twice as long.
  [ "$mode" = durable-vt ] && jit=$(( 2 * JIT_WARMUP ))
  if [ "$jit" -gt 0 ]; then
    log "Tributary [$mode] JIT warm-up, ${jit} s (not recorded)"
    jit_warmup "$url" "$jit" "$OUT/warmup.tsv" warmup || log "Tributary [$mode] warm-up failed"
  fi
  for w in $workloads; do
    log "Tributary [$mode] $w"
    case "$w" in
      p100b)     gen produce --label="$label.p100b" "${common[@]}" --topic=perf-p100b --size=100 --batch=1000 --producers="$PRODUCERS" ;;
      p1k)       gen produce --label="$label.p1k" "${common[@]}" --topic=perf-p1k --size=1024 --batch=1000 --producers="$PRODUCERS" ;;
      p10k)      gen produce --label="$label.p10k" "${common[@]}" --topic=perf-p10k --size=10240 --batch=100 --producers="$PRODUCERS" ;;
      p1k_keyed) gen produce --label="$label.p1k_keyed" "${common[@]}" --topic=perf-p1k-keyed --size=1024 --batch=100 --keys=1000 --producers="$PRODUCERS" ;;
      single)    gen produce --label="$label.single" "${common[@]}" --topic=perf-single --size=1024 --batch=1 --producers="$SINGLE_CONNECTIONS" ;;
      # the server's JIT warm-up compiled the produce paths, not this one: it gets a warm-up as long (JIT_WARMUP)
      wrkget)    if [ -n "$WRK" ]; then run_wrk limit.stack "$url/topics" get "$(( JIT_WARMUP > WARMUP ? JIT_WARMUP : WARMUP ))"; fi ;;
      wrk1)      if [ -n "$WRK" ]; then gen create-topic --url="$url" --topic=perf-wrk --partitions=3 && run_wrk "$label.wrk1" "$url/topics/perf-wrk"; fi ;;
      lat)       gen produce-latency --label="$label.lat" --out="$RESULTS" --url="$url" --topic=perf-lat --size=1024 --rate="$LAT_RATE" --warmup="$LAT_WARMUP" --duration="$LAT_SECONDS" ;;
      consume1)  gen consume --label="$label.consume1" --out="$RESULTS" --url="$url" --topic=perf-p1k --consumers=1 --records="$CONSUME_MAX" --timeout=60 ;;
      consume3)  gen consume --label="$label.consume3" --out="$RESULTS" --url="$url" --topic=perf-p1k --consumers=3 --records="$CONSUME_MAX" --timeout=60 ;;
      e2e)       gen e2e --label="$label.e2e" --out="$RESULTS" --url="$url" --topic=perf-e2e --partitions=1 --size=1024 --rate="$LAT_RATE" --warmup="$LAT_WARMUP" --duration="$LAT_SECONDS" ;;
      *)         log "unknown workload $w" ;;
    esac || log "Tributary [$mode] $w failed (exit $?); see the output above"
  done
  du -sh "$data" 2>/dev/null | awk -v m="$mode" '{print "# tributary " m " data: " $1}' >> "$OUT/env.txt"
  stop_pid "$pid"
  rm -rf "$data"
}
if [[ " $SYSTEMS " == *" tributary "* ]]; then
  if [ -z "$SERVICE_JAR" ]; then
    log "no service jar in $ROOT/target: Tributary not measured"
  else
    [ "$STARTUP" = 1 ] && startup_probe
    for mode in $MODES; do
      workloads="$TRIB_WORKLOADS"
      [ "$mode" = durable ] && workloads="${TRIB_WORKLOADS_DURABLE:-$TRIB_WORKLOADS}"
      tributary "$mode" "$SERVER_JAVA" "$workloads"
    done
    if [ -n "$VT_JAVA" ] && [[ " $MODES " == *" durable "* ]]; then tributary durable-vt "$VT_JAVA" "$VT_WORKLOADS"; fi
  fi
fi

# ---------------------------------------------------------------- 4. Kafka
if [[ " $SYSTEMS " == *" kafka "* ]]; then
  # one broker for both modes (bench/kafka/run.sh sets each as the cluster-wide default); its start-up figures too
  STARTUP="$STARTUP" STARTUP_SETTLE="$STARTUP_SETTLE" KAFKA_CONFIGS="$KAFKA_CONFIGS" \
  JAVA_HOME="${SERVER_JAVA_HOME}" MODES="$MODES" RESULTS="$RESULTS" OUT_DIR="$OUT" BENCH_JAR="$JAR" TMPDIR="$DATA_ROOT" WARMUP="$WARMUP" \
    DURATION="$DURATION" JIT_WARMUP="$JIT_WARMUP" LAT_RATE="$LAT_RATE" LAT_WARMUP="$LAT_WARMUP" LAT_SECONDS="$LAT_SECONDS" E2E_SECONDS="$LAT_SECONDS" \
    CONSUME_MAX="$CONSUME_MAX" BROKER_HEAP="$SERVICE_HEAP" WORKLOADS="$KAFKA_WORKLOADS" \
    SERVICE_JAR="$SERVICE_JAR" SERVICE_HEAP="$SERVICE_HEAP" OVER_KAFKA_WORKLOADS="$OVER_KAFKA_WORKLOADS" OVER_KAFKA_MODES="$OVER_KAFKA_MODES" \
    PRODUCERS="$PRODUCERS" SINGLE_CONNECTIONS="$SINGLE_CONNECTIONS" \
    "$BENCH/kafka/run.sh" || log "Kafka failed (exit $?)"
fi

# ---------------------------------------------------------------- 4b. many partitions (opt-in: SYSTEMS="... partitions")
if [[ " $SYSTEMS " == *" partitions "* ]]; then
  log "many partitions (bench/partitions.sh, PARTITION_COUNTS=${PARTITION_COUNTS:-1000 10000})"
  JAVA_HOME="${JAVA_HOME:-}" BENCH_JAVA_HOME="${SERVER_JAVA_HOME}" SKIP_BUILD=1 SERVICE_JAR="$SERVICE_JAR" \
    OUT_DIR="$OUT/partitions" DATA_ROOT="$DATA_ROOT" WARMUP="$WARMUP" DURATION="$DURATION" PRODUCERS="$PRODUCERS" \
    "$BENCH/partitions.sh" || log "many partitions failed (exit $?)"
fi

# ---------------------------------------------------------------- 5. the table
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); 1-minute load during the run (10 s samples):" \
  "$(awk '{s += $2; if ($2 > m) m = $2} END {if (NR) printf "mean %.1f, max %.1f", s / NR, m}' "$OUT/load.log")" \
  "(2 cores; above 2 means other processes competed for CPU); total time $((SECONDS - START_SECONDS)) s" >> "$OUT/env.txt"
"$JAVA" -jar "$JAR" report --results="$RESULTS" --rate="$LAT_RATE" > "$OUT/table.md"
echo
cat "$OUT/env.txt"
echo
cat "$OUT/table.md"
echo
echo "durable: Tributary's default (fsync before the ack, group commit) vs Kafka with log.flush.interval.messages=1;"
echo "interval: --tributary.log.flush=interval vs Kafka's default (page cache). ratio = Tributary / Kafka."
echo "Kafka: each produce and consume1 row compares with the best client configuration measured (column 'Kafka"
echo "configuration'); the rows under it give every configuration: ProducerPerformance (one default producer, acks=all),"
echo "$PRODUCERS default producers (acks=all), 1 and $PRODUCERS tuned producers (batch.size 1 MiB, linger.ms 20, acks=all, see"
echo "docs/benchmarks.md), ConsumerPerformance default and with tuned fetch sizes (fetch rate, one consumer). Its latency rows"
echo "are the same fixed-rate schedule over kafka-clients (acks=all, linger.ms=0). startup: ratio below 1 = Tributary lighter."
[ -f "$OUT/partitions/table.md" ] && { echo; echo "many partitions:"; cat "$OUT/partitions/table.md"; }
echo "results: $OUT"
