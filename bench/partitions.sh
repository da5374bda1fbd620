#!/usr/bin/env bash
# Many partitions: how the embedded engine (the default backend) does with thousands of partitions, as a Kafka broker
# runs them. For each count in PARTITION_COUNTS (topics of PARTITIONS_PER_TOPIC partitions each), on a fresh data dir:
#   1. start the service with an empty data dir: seconds from launch to /actuator/health UP;
#   2. create the topics over CONNECTIONS parallel HTTP connections (v3 create topic): seconds;
#   3. at rest: resident memory (VmRSS), open file descriptors, threads;
#   4. batched produce (1 KiB records, 1000 per request, PRODUCERS connections) to one 3-partition topic (the reference
#      figure of bench/run.sh's p1k row, in the same process), then the same requests round robin over all the topics,
#      so every partition takes writes; ROUNDS times, alternated;
#   5. retention pass time: the tributary.retention.pass timer (one pass over every partition; the pass runs every
#      RETENTION_INTERVAL here instead of the default 5 minutes);
#   6. at rest after the writes (REST_AFTER_LOAD=15 s after the retention pass: an idle service gives back the heap
#      the load grew); stop (SIGTERM) and start again: seconds to UP after a clean stop, memory, descriptors;
#   7. kill -9 and start again: seconds to UP after a crash (every partition's active segment is scanned).
# The service runs with the JVM's default heap (no -Xmx) unless SERVICE_OPTS says otherwise. Prints a table and writes
# bench/results/partitions-<run>/{results.tsv,table.md}. Opt-in: bench/run.sh runs it only with SYSTEMS containing
# "partitions" (docs/benchmarks.md, "Many partitions").
#
# Knobs (env): PARTITION_COUNTS="1000 10000"  PARTITIONS_PER_TOPIC=10  CONNECTIONS=16  PRODUCERS=4  WARMUP=2
#   DURATION=10  JIT_WARMUP=6 (seconds of unrecorded produce first)  ROUNDS=2 (of each produce workload, alternated)
#   RETENTION_INTERVAL=10s  SERVICE_OPTS=""  SERVICE_JAR (default target/tributary-*.jar)
#   SKIP_BUILD=1 (reuse the jars)  DATA_ROOT (default bench/target/data)  BENCH_JAVA_HOME (the service's JDK)
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
PARTITION_COUNTS="${PARTITION_COUNTS:-1000 10000}"
PARTITIONS_PER_TOPIC="${PARTITIONS_PER_TOPIC:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
PRODUCERS="${PRODUCERS:-4}"
WARMUP="${WARMUP:-2}"
DURATION="${DURATION:-10}"
RETENTION_INTERVAL="${RETENTION_INTERVAL:-10s}"
JIT_WARMUP="${JIT_WARMUP:-6}"
ROUNDS="${ROUNDS:-2}"
read -r -a SERVICE_OPTS_ARRAY <<< "${SERVICE_OPTS:-}"
DATA_ROOT="${DATA_ROOT:-$BENCH/target/data}"
OUT="${OUT_DIR:-$BENCH/results/partitions-$(date -u +%Y%m%dT%H%M%SZ)}"
RESULTS="$OUT/results.tsv"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SERVER_JAVA_HOME="${BENCH_JAVA_HOME:-${JAVA_HOME:-}}"
SERVER_JAVA="${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java"
JAR="$BENCH/target/tributary-bench.jar"

mkdir -p "$OUT" "$DATA_ROOT"
: > "$RESULTS"
log() { printf '[partitions %s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

# stop_pid, port_free, pick_port; the service gets 60 s to stop (a stop slower than that is measured, then killed)
# shellcheck source=lib.sh
. "$BENCH/lib.sh"
PID=""
cleanup() {
  local rc=$?
  [ -n "$PID" ] && stop_pid "$PID" 60
  rm -rf "$DATA_ROOT"/run-partitions-*
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gen() { timeout --kill-after=10 600 "$JAVA" -Xms256m -Xmx1g -jar "$JAR" "$@"; }
put() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" | tee -a "$RESULTS"; }
now() { date +%s.%N; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building the service and the generator"
  (cd "$ROOT" && ./mvnw -B -q package -Dmaven.test.skip=true)
  (cd "$ROOT" && ./mvnw -B -q -f bench/pom.xml package)
fi
SERVICE_JAR="${SERVICE_JAR:-$(ls "$ROOT"/target/tributary-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -1 || true)}"
[ -f "$SERVICE_JAR" ] || { log "no service jar (SERVICE_JAR or target/tributary-*.jar)"; exit 1; }

{
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')   jar: $SERVICE_JAR"
  echo "cpu: $(nproc) cores; memory: $(free -g | awk '/Mem:/{print $2}') GiB; jdk: $("$SERVER_JAVA" -version 2>&1 | head -1)"
  echo "ulimit -n: $(ulimit -n); service options: ${SERVICE_OPTS:-(none: default heap)}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/env.txt" >&2

start_service() { # label: launches the service on $data, waits for health UP, records the seconds it took
  local label=$1 t0 code
  t0="$(now)"
  "$SERVER_JAVA" "${SERVICE_OPTS_ARRAY[@]+"${SERVICE_OPTS_ARRAY[@]}"}" -jar "$SERVICE_JAR" --server.port="$port" \
    --tributary.data-dir="$data" --tributary.topics.max-partitions="$((count + 6))" \
    --tributary.topics.max-topics="$((count + 2))" --tributary.retention.check-interval="$RETENTION_INTERVAL" \
    >> "$OUT/service-$count.log" 2>&1 &
  PID=$!
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health" 2>/dev/null || true)"
    [ "$code" = 200 ] && break
    if ! kill -0 "$PID" 2>/dev/null; then log "the service exited; see $OUT/service-$count.log"; return 1; fi
    if [ "$(echo "$(now) - $t0 > 600" | bc)" = 1 ]; then log "not healthy after 600 s"; return 1; fi
    sleep 0.1
  done
  put "parts$count.start_$label" "$(echo "$(now) - $t0" | bc)" s
  # the engine's share of it: opening (and after a crash recovering) the log directory, as the service logs it
  local open_ms
  open_ms="$(grep -o 'Opened .* in [0-9]* ms' "$OUT/service-$count.log" | tail -1 | sed -E 's/.* in ([0-9]+) ms$/\1/' || true)"
  [ -n "$open_ms" ] && put "parts$count.log_open_$label" "$open_ms" ms
  return 0
}

at_rest() { # label [seconds]: resident memory, descriptors and threads after a few quiet seconds
  sleep "${2:-${REST_SECONDS:-5}}"
  put "parts$count.rss_$1" "$(awk '/^VmRSS:/{printf "%.1f", $2 / 1024}' "/proc/$PID/status")" MiB
  put "parts$count.fds_$1" "$(ls "/proc/$PID/fd" | wc -l)" count
  put "parts$count.threads_$1" "$(awk '/^Threads:/{print $2}' "/proc/$PID/status")" count
}

metric() { # name statistic: one statistic of an actuator metric, or nothing
  curl -s "http://127.0.0.1:$port/actuator/metrics/$1" 2>/dev/null |
    tr -d '\n ' | grep -o "\"statistic\":\"$2\",\"value\":[0-9.Ee+-]*" | sed 's/.*"value"://' || true
}

for count in $PARTITION_COUNTS; do
  topics=$((count / PARTITIONS_PER_TOPIC))
  port="$(pick_port 18290)"
  data="$DATA_ROOT/run-partitions-$count"
  url="http://127.0.0.1:$port"
  rm -rf "$data"; mkdir -p "$data"
  log "$count partitions ($topics topics x $PARTITIONS_PER_TOPIC) on 127.0.0.1:$port, data in $data"
  start_service empty || continue
  log "creating $topics topics over $CONNECTIONS connections"
  gen create-topics --label="parts$count" --out="$RESULTS" --url="$url" --prefix=parts --topics="$topics" \
    --partitions="$PARTITIONS_PER_TOPIC" --connections="$CONNECTIONS" || { log "create failed"; stop_pid "$PID" 60; continue; }
  at_rest created
  if [ "$JIT_WARMUP" -gt 0 ]; then # unrecorded: no measured row pays for the JIT compiling the produce path
    gen produce --label="warmup$count" --out="$OUT/warmup.tsv" --url="$url" --topic=warmup --partitions=3 --size=1024 \
      --batch=1000 --producers="$PRODUCERS" --warmup=0 --duration="$JIT_WARMUP" --verify=false > /dev/null || log "warm-up failed"
  fi
  log "batched produce, 1 KiB x 1000 per request, $PRODUCERS connections: one 3-partition topic, then all $topics topics"
  # alternated, ROUNDS times each: on a shared machine one window alone can land on a burst of other load
  for round in $(seq 1 "$ROUNDS"); do
    gen produce --label="parts$count.p1k_3partitions_$round" --out="$RESULTS" --url="$url" --topic=reference-p1k \
      --partitions=3 --create="$([ "$round" = 1 ] && echo true || echo false)" --size=1024 --batch=1000 \
      --producers="$PRODUCERS" --warmup="$WARMUP" --duration="$DURATION" || log "produce failed"
    gen produce --label="parts$count.p1k_spread_$round" --out="$RESULTS" --url="$url" --topic=parts --topic-count="$topics" \
      --partitions="$PARTITIONS_PER_TOPIC" --create=false --size=1024 --batch=1000 --producers="$PRODUCERS" \
      --warmup="$WARMUP" --duration="$DURATION" || log "produce failed"
  done
  # the retention pass timer: wait for a pass that ran after the writes
  passes="$(metric tributary.retention.pass COUNT)"
  for _ in $(seq 1 120); do
    [ "$(metric tributary.retention.pass COUNT)" != "$passes" ] && break
    sleep 0.5
  done
  pass_count="$(metric tributary.retention.pass COUNT)"; pass_total="$(metric tributary.retention.pass TOTAL_TIME)"
  pass_max="$(metric tributary.retention.pass MAX)"
  if [ -n "$pass_count" ] && [ "$(echo "$pass_count > 0" | bc)" = 1 ]; then
    put "parts$count.retention_pass_mean" "$(echo "scale=4; $pass_total * 1000 / $pass_count" | bc)" ms
    put "parts$count.retention_pass_max" "$(echo "scale=4; $pass_max * 1000" | bc)" ms
  else
    log "no tributary.retention.pass timer (an older build?)"
  fi
  # at rest: an idle service gives the heap the load grew back (tributary.memory.idle-gc-interval, 10 s without a
  # collection), so the resident memory is read once that interval has passed since the load
  at_rest written "${REST_AFTER_LOAD:-15}"
  # what stays resident is mostly heap the collector grew to under the load and keeps committed: after a full
  # collection (which gives unused heap back) the resident memory shows what the partitions themselves hold
  if command -v jcmd > /dev/null && jcmd "$PID" GC.run > /dev/null 2>&1; then
    sleep 2
    put "parts$count.rss_written_after_full_gc" "$(awk '/^VmRSS:/{printf "%.1f", $2 / 1024}' "/proc/$PID/status")" MiB
    put "parts$count.heap_used_after_full_gc" "$(jcmd "$PID" GC.heap_info 2>/dev/null | awk '/garbage-first heap/{for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); printf "%.1f", v / 1024}}')" MiB
  fi
  du -sm "$data" | awk -v c="$count" '{print "parts" c ".data_mib\t" $1 "\tMiB"}' | tee -a "$RESULTS"
  t0="$(now)"; stop_pid "$PID" 60; PID=""
  put "parts$count.stop_clean" "$(echo "$(now) - $t0" | bc)" s
  start_service after_clean_stop || continue
  at_rest restarted
  kill -KILL "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  start_service after_kill9 || continue
  grep -o 'Opened .* shutdown: [0-9]* segments scanned' "$OUT/service-$count.log" | tail -1 |
    sed "s/^/# parts$count: /" | tee -a "$RESULTS" >&2 || true
  stop_pid "$PID" 60; PID=""
  rm -rf "$data"
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"
# the table: one column per partition count
awk -F'\t' -v counts="$PARTITION_COUNTS" '
  /^#/ { next }
  { split($1, k, "."); c = substr(k[1], 6); m = substr($1, length(k[1]) + 2); v[c, m] = $2; u[m] = $3; if (!(m in seen)) { seen[m] = 1; order[++n] = m } }
  END {
    nc = split(counts, cs, " ")
    printf "| measure |"; for (i = 1; i <= nc; i++) printf " %s partitions |", cs[i]; printf "\n|---|"
    for (i = 1; i <= nc; i++) printf "---|"; printf "\n"
    for (j = 1; j <= n; j++) {
      m = order[j]; printf "| %s (%s) |", m, u[m]
      for (i = 1; i <= nc; i++) printf " %s |", ((cs[i], m) in v) ? v[cs[i], m] : "-"
      printf "\n"
    }
  }' "$RESULTS" > "$OUT/table.md"
echo
cat "$OUT/env.txt"
echo
cat "$OUT/table.md"
echo "results: $OUT"
