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
