# Shell helpers shared by bench/run.sh, bench/partitions.sh and bench/kafka/run.sh (sourced, not run).

stop_pid() { # pid [seconds=30]: TERM, wait up to that long, then KILL; only ever a process the calling script started
  local pid=$1 wait_s=${2:-30}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((wait_s * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p=$1; while ! port_free "$p"; do p=$((p+1)); done; echo "$p"; }
jit_warmup() { # url seconds out-file topic: unrecorded produce load (single records, then batches) so the JIT compiles
  # the produce paths before anything is measured; needs the caller's gen, SINGLE_CONNECTIONS and PRODUCERS
  local url=$1 seconds=$2 out=$3 topic=$4 half=$(( ($2 + 1) / 2 ))
  local unrecorded=(--out="$out" --url="$url" --warmup=0 --duration="$half")
  gen produce --label="warmup.single" "${unrecorded[@]}" --topic="$topic" --size=1024 --batch=1 \
      --producers="${SINGLE_CONNECTIONS:-32}" >/dev/null &&
    gen produce --label="warmup.batch" "${unrecorded[@]}" --topic="$topic" --size=1024 --batch=100 \
      --producers="${PRODUCERS:-4}" --create=false >/dev/null
}
