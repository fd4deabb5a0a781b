#!/usr/bin/env bash
# End-to-end throughput of the sample app (replicated Redis clone) with redis-benchmark, side by side
# in the same session with a local redis-server, reported as ratios raftboot / redis.
#
#   scripts/bench-cluster.sh            run everything, print a Markdown report (also kept in the work dir)
#
# Environment: BENCH_N requests per run without pipelining (100000), BENCH_N_PIPELINED with -P 16
# (500000: a pipelined run against redis-server lasts well under a second otherwise), BENCH_CLIENTS (50), BENCH_TIMEOUT seconds per
# redis-benchmark run (150), BENCH_DIR work dir (default: a new temp dir; data, logs, raw CSV),
# JAVA_OPTS for each JVM (-Xmx512m), CLUSTER_START_TIMEOUT seconds to wait for a leader (180).
#
# Every server first gets an unrecorded warm-up (BENCH_WARMUP_N requests, -P 16 then -P 1: the JIT
# compiles the hot path), then the measured runs, in this order (-t set,get, 50 clients, -P 1 then -P 16):
#   redis-server --appendonly yes --appendfsync always      vs  3 nodes, durability high, consistency high
#   3 nodes, durability high, consistency low (GET only: reads from local state, no ReadIndex)
#   redis-server --appendonly no                             vs  1 node, durability low, consistency high
# redis-server is started by hand on a free 127.0.0.1 port (never as a system service); every process
# this script starts is stopped by PID when it exits, however it exits.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sample-app/target/sample-app.jar"
HOST=127.0.0.1
N=${BENCH_N:-100000}
N_PIPELINED=${BENCH_N_PIPELINED:-500000}
WARMUP_N=${BENCH_WARMUP_N:-20000}
CLIENTS=${BENCH_CLIENTS:-50}
RUN_TIMEOUT=${BENCH_TIMEOUT:-150}
START_TIMEOUT=${CLUSTER_START_TIMEOUT:-180}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/raftboot-bench.XXXXXX)}
mkdir -p "$WORK"
RESULTS="$WORK/results.csv"   # label,pipeline,test,rps (rps "failed" when the run did not finish)
REPORT="$WORK/report.md"
: >"$RESULTS"

PIDS=()        # every process started here; stopped on exit
USED_PORTS=()  # ports handed out, so two servers never get the same one

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop_pid() {
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 300)); then
      log "PID $pid did not stop within 30s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Sets FREE_PORT to a port nobody listens on, outside the ranges scripts/cluster.sh uses
# (7481-7483, 8081-8083). Functions here return through globals, not $(...): a subshell would lose
# the PIDs and ports they record.
free_port() {
  local port used
  while :; do
    port=$((20000 + RANDOM % 30000))
    for used in "${USED_PORTS[@]}"; do [[ $used == "$port" ]] && continue 2; done
    port_busy "$port" && continue
    USED_PORTS+=("$port")
    FREE_PORT=$port
    return 0
  done
}

# Sends one RESP command to 127.0.0.1:$1 and prints the first payload line of the reply (bash /dev/tcp).
resp() {
  local port=$1; shift
  local request="*$#"$'\r\n' arg line
  for arg in "$@"; do request+="\$${#arg}"$'\r\n'"$arg"$'\r\n'; done
  { exec 3<>"/dev/tcp/$HOST/$port"; } 2>/dev/null || return 1
  printf '%s' "$request" >&3
  if ! IFS= read -r -t 2 line <&3; then exec 3>&-; return 1; fi
  line=${line%$'\r'}
  case $line in
    -*) exec 3>&-; return 1 ;;
    \$-1) line="" ;;
    \$*) IFS= read -r -t 2 line <&3; line=${line%$'\r'} ;;
    [+:]*) line=${line:1} ;; # simple string or integer
  esac
  exec 3>&-
  printf '%s\n' "$line"
}

install_redis_if_missing() {
  if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    log "installing redis-server and redis-tools (the system service is not started by this script)"
    if ((EUID == 0)); then
      apt-get install -y redis-server redis-tools >"$WORK/apt.log" 2>&1
    else
      sudo apt-get install -y redis-server redis-tools >"$WORK/apt.log" 2>&1
    fi
  fi
}

build_if_missing() {
  if [[ ! -f $JAR ]]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl sample-app -am)
  fi
}

# start_redis <label> <extra redis-server args...>; sets PORT
start_redis() {
  local label=$1; shift
  local port dir
  free_port; port=$FREE_PORT
  dir="$WORK/$label"
  mkdir -p "$dir"
  redis-server --bind "$HOST" --port "$port" --dir "$dir" --save "" --daemonize no \
    --logfile "$dir/redis.log" "$@" >/dev/null 2>&1 </dev/null &
  PIDS+=($!)
  echo "$!" >"$dir/pid"
  local deadline=$((SECONDS + 30))
  until [[ $(resp "$port" PING 2>/dev/null || true) == PONG ]]; do
    ((SECONDS < deadline)) || { log "redis-server $label did not answer PING"; exit 1; }
    sleep 0.2
  done
  echo "redis-server --bind $HOST --port $port --dir $dir --save '' --daemonize no $*" >"$dir/command.txt"
  PORT=$port
}

# start_cluster <label> <nodes> <durability> <consistency>; sets PORT to the leader's RESP port
start_cluster() {
  local label=$1 count=$2 durability=$3 consistency=$4
  local i peers="" dir
  local -a ids=() ports=() pids=()
  for ((i = 1; i <= count; i++)); do
    ids+=("n$i")
    free_port; ports+=("$FREE_PORT")
    peers+="${peers:+,}n$i@$HOST:${ports[i - 1]}"
  done
  for ((i = 0; i < count; i++)); do
    dir="$WORK/$label/${ids[i]}"
    mkdir -p "$dir"
    free_port
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
    java $JAVA_OPTS -jar "$JAR" \
      --raft.node-id="${ids[i]}" --raft.host="$HOST" --raft.port="${ports[i]}" \
      --raft.peers="$peers" --raft.data-dir="$dir/data" \
      --raft.durability="$durability" --raft.consistency="$consistency" \
      --server.address="$HOST" --server.port="$FREE_PORT" \
      --logging.file.name="$dir/node.log" \
      >"$dir/console.log" 2>&1 </dev/null &
    PIDS+=($!)
    pids+=($!)
    echo "$!" >"$dir/pid"
  done
  echo "java $JAVA_OPTS -jar sample-app.jar --raft.node-id=nI --raft.port=P --raft.peers=$peers --raft.data-dir=... --raft.durability=$durability --raft.consistency=$consistency --server.port=..." \
    >"$WORK/$label/command.txt"
  local deadline=$((SECONDS + START_TIMEOUT)) leader=""
  while [[ -z $leader ]]; do
    for ((i = 0; i < count; i++)); do
      if ! kill -0 "${pids[i]}" 2>/dev/null; then
        log "node ${ids[i]} of $label exited during start-up; see $WORK/$label/${ids[i]}/console.log"
        exit 1
      fi
      leader=$(resp "${ports[i]}" RAFTLEADER 2>/dev/null || true)
      [[ -n $leader ]] && break
    done
    if [[ -z $leader ]]; then
      ((SECONDS < deadline)) || { log "no leader in $label after ${START_TIMEOUT}s"; exit 1; }
      sleep 1
    fi
  done
  log "$label: leader $leader"
  PORT=${leader##*:}
}

stop_started_since() { # stop the PIDs appended to PIDS after index $1
  local from=$1 i
  for ((i = ${#PIDS[@]} - 1; i >= from; i--)); do stop_pid "${PIDS[i]}"; done
  PIDS=("${PIDS[@]:0:from}")
}

# bench <label> <port> <tests> <pipeline>: one redis-benchmark run, rps per test into $RESULTS
bench() {
  local label=$1 port=$2 tests=$3 pipeline=$4
  local out="$WORK/$label.P$pipeline.csv" err="$WORK/$label.P$pipeline.err" test rps n=$N
  ((pipeline == 1)) || n=$N_PIPELINED
  local cmd=(redis-benchmark -h "$HOST" -p "$port" -t "$tests" -n "$n" -c "$CLIENTS" -P "$pipeline" -q --csv)
  echo "timeout $RUN_TIMEOUT ${cmd[*]}" >>"$WORK/commands.txt"
  log "$label -P $pipeline: ${cmd[*]}"
  local started=$SECONDS rc=0
  timeout "$RUN_TIMEOUT" "${cmd[@]}" >"$out" 2>"$err" </dev/null || rc=$?
  log "$label -P $pipeline: exit $rc after $((SECONDS - started))s"
  ((rc == 0)) || echo "exit status $rc (124 = timed out after ${RUN_TIMEOUT}s)" >>"$err"
  for test in ${tests//,/ }; do
    rps=$(awk -F'"' -v t="${test^^}" '$2 == t { print $4 }' "$out")
    echo "$label,$pipeline,${test^^},${rps:-failed}" >>"$RESULTS"
  done
}

# warmup <label> <port>: unrecorded runs so that the measured ones see a JIT-compiled server
warmup() {
  local label=$1 port=$2 tests=${3:-set,get} p
  for p in 16 1; do
    echo "timeout $RUN_TIMEOUT redis-benchmark -h $HOST -p $port -t $tests -n $WARMUP_N -c $CLIENTS -P $p -q --csv   # warm-up, not recorded" >>"$WORK/commands.txt"
    timeout "$RUN_TIMEOUT" redis-benchmark -h "$HOST" -p "$port" -t "$tests" -n "$WARMUP_N" -c "$CLIENTS" -P "$p" -q --csv \
      >"$WORK/$label.warmup.P$p.csv" 2>&1 </dev/null || log "$label warm-up -P $p failed (exit $?)"
  done
}

rps_of() { # label pipeline test
  awk -F, -v l="$1" -v p="$2" -v t="$3" '$1 == l && $2 == p && $3 == t { print $4 }' "$RESULTS"
}

ratio() {
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]]; then
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
  else
    echo "n/a"
  fi
}

row() { # title raftboot-label redis-label test pipeline
  local a b
  a=$(rps_of "$2" "$5" "$4"); b=$(rps_of "$3" "$5" "$4")
  printf '| %s | %s | -P %s | %s | %s | **%s** |\n' "$1" "$4" "$5" "${a:-not run}" "${b:-not run}" "$(ratio "$a" "$b")"
}

main() {
  install_redis_if_missing
  command -v java >/dev/null || { log "java (17 or later) is required on the PATH"; exit 1; }
  build_if_missing
  : >"$WORK/commands.txt"
  log "work dir $WORK"
  LOAD_AT_START=$(uptime)

  local mark p
  # durable: redis appendfsync always vs 3 nodes at durability high
  mark=${#PIDS[@]}
  start_redis redis-aof --appendonly yes --appendfsync always
  warmup redis-aof "$PORT" set,get
  for p in 1 16; do bench redis-aof "$PORT" set,get "$p"; done
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_cluster raft3-high 3 high high
  warmup raft3-high "$PORT" set,get
  for p in 1 16; do bench raft3-high "$PORT" set,get "$p"; done
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_cluster raft3-high-readlow 3 high low
  resp "$PORT" SET key:__rand_int__ xxx >/dev/null || true # GET reads an existing value, as in the other runs
  warmup raft3-high-readlow "$PORT" get
  for p in 1 16; do bench raft3-high-readlow "$PORT" get "$p"; done
  stop_started_since "$mark"

  # in memory: redis without AOF vs 1 node at durability low
  mark=${#PIDS[@]}
  start_redis redis-mem --appendonly no
  warmup redis-mem "$PORT" set,get
  for p in 1 16; do bench redis-mem "$PORT" set,get "$p"; done
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_cluster raft1-low 1 low high
  warmup raft1-low "$PORT" set,get
  for p in 1 16; do bench raft1-low "$PORT" set,get "$p"; done
  stop_started_since "$mark"

  report | tee "$REPORT"
}

report() {
  local p
  echo "### Results (requests/s; $N requests per run at -P 1, $N_PIPELINED at -P 16; $CLIENTS clients)"
  echo
  echo "| raftboot vs redis | test | pipeline | raftboot | redis | raftboot / redis |"
  echo "|---|---|---|---|---|---|"
  for p in 1 16; do
    row "3 nodes, durability high, consistency high vs appendfsync always" raft3-high redis-aof SET "$p"
    row "3 nodes, durability high, consistency high (ReadIndex) vs appendfsync always" raft3-high redis-aof GET "$p"
    row "3 nodes, durability high, consistency low (local read) vs appendfsync always" raft3-high-readlow redis-aof GET "$p"
  done
  for p in 1 16; do
    row "1 node, durability low vs no AOF" raft1-low redis-mem SET "$p"
    row "1 node, durability low vs no AOF" raft1-low redis-mem GET "$p"
  done
  echo
  echo "### Commands"
  echo
  echo '```'
  cat "$WORK"/*/command.txt
  cat "$WORK/commands.txt"
  echo '```'
  echo
  echo "### Machine"
  echo
  echo '```'
  echo "\$ uptime   # at the start, then at the end: the load of everything else on the machine"
  echo "$LOAD_AT_START"; uptime
  echo "\$ nproc"; nproc
  echo "\$ lscpu | head -15"; lscpu | head -15
  echo "\$ df -T $WORK"; df -T "$WORK"
  echo "\$ java -version"; java -version 2>&1
  echo "\$ redis-server --version"; redis-server --version
  echo '```'
  local errors
  errors=$(grep -l . "$WORK"/*.err 2>/dev/null || true)
  if [[ -n $errors ]]; then
    echo
    echo "### redis-benchmark errors"
    echo
    echo '```'
    local f
    for f in $errors; do echo "== ${f##*/}"; head -n 5 "$f"; done
    echo '```'
  fi
}

main "$@"
