#!/usr/bin/env bash
# Durable SET throughput of two builds of the sample app, side by side with redis-server, in one session.
#
#   scripts/bench-set-ab.sh <before.jar> <after.jar>
#
# Per round (BENCH_ROUNDS, default 3), one after the other on free 127.0.0.1 ports:
#   redis-server --appendonly yes --appendfsync always                          (label redis-aof)
#   3 nodes of <before.jar>, then of <after.jar>, at raft.durability=high       (before-3high, after-3high)
#   redis-server --appendonly no                                                (label redis-mem)
#   1 node of <before.jar>, then of <after.jar>, at raft.durability=low         (before-1low, after-1low)
# Each server gets an unrecorded warm-up (BENCH_WARMUP_N SETs), then the measured runs, one per
# entry of BENCH_TESTS (default "set:1"; e.g. "set:1 set:16 get:16" = test:pipeline, in that order):
#   redis-benchmark -t <test> -n BENCH_N -c 50 -P <pipeline> [-r BENCH_KEYSPACE] [-d BENCH_DATA_SIZE] -q --csv
# against the leader (found with RAFTLEADER); at a pipeline above 1, -n is BENCH_N_PIPELINED (5 x BENCH_N).
# BENCH_KEYSPACE and BENCH_DATA_SIZE are unset by default (one key, 3-byte values, as redis-benchmark does).
# BENCH_SINGLE=off skips the single-node pair, BENCH_CLUSTER=off the 3-node pair. BENCH_ALTERNATE=on
# starts <after.jar> first in even rounds, so that neither build always runs behind the other (e.g. in
# the write-back of the previous run's files). BENCH_RAFT_ARGS adds arguments to every member.
# BENCH_BEFORE_JAVA_OPTS / BENCH_AFTER_JAVA_OPTS add JVM options to the members of one side only (to
# compare a JVM setting with the same jar given twice).
# BENCH_STAGES=on scrapes every member's /actuator/prometheus before and after each measured run and
# appends where the writes went (scripts/write-stages.py: fsyncs/s, the write stages, appends) to
# $BENCH_DIR/stages.txt.
# Results go to $BENCH_DIR/results.csv (round,label,test,rps,p99 ms) and are printed with per-round ratios.
# Every process started here is stopped by PID when the script exits.
set -euo pipefail

BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
ROUNDS=${BENCH_ROUNDS:-3}
N=${BENCH_N:-50000}
N_PIPELINED=${BENCH_N_PIPELINED:-$((N * 5))}
TESTS=${BENCH_TESTS:-set:1}
SINGLE=${BENCH_SINGLE:-on}
CLUSTER=${BENCH_CLUSTER:-on}
ALTERNATE=${BENCH_ALTERNATE:-off}
read -r -a RAFT_ARGS <<<"${BENCH_RAFT_ARGS:-}"
read -r -a BEFORE_JAVA <<<"${BENCH_BEFORE_JAVA_OPTS:-}"
read -r -a AFTER_JAVA <<<"${BENCH_AFTER_JAVA_OPTS:-}"
STAGES=${BENCH_STAGES:-off}
HTTP_PORTS=() # the members' HTTP ports while a cluster runs (for BENCH_STAGES)
KEYS=()
[[ -n ${BENCH_KEYSPACE:-} ]] && KEYS+=(-r "$BENCH_KEYSPACE")
[[ -n ${BENCH_DATA_SIZE:-} ]] && KEYS+=(-d "$BENCH_DATA_SIZE")
WARMUP_N=${BENCH_WARMUP_N:-20000}
HOST=127.0.0.1
WORK=${BENCH_DIR:-$(mktemp -d /tmp/raftboot-ab.XXXXXX)}
mkdir -p "$WORK" "$WORK/stages"
RESULTS="$WORK/results.csv"
: >"$RESULTS"
PIDS=()

log() { printf '[ab %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() { # prints a port nobody listens on (outside 7481-7483/8081-8083)
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

measure() { # label port
  redis-benchmark -h "$HOST" -p "$2" -t set -n "$WARMUP_N" -c 50 -P 1 "${KEYS[@]}" -q --csv >/dev/null 2>&1 || true
  local rps test spec pipeline n
  for spec in $TESTS; do
    test=${spec%%:*} pipeline=${spec##*:} n=$N
    ((pipeline > 1)) && n=$N_PIPELINED
    scrape "$1-$ROUND-$test-$pipeline-before"
    local started=$EPOCHREALTIME
    read -r rps p99 < <(timeout 300 redis-benchmark -h "$HOST" -p "$2" -t "$test" -n "$n" -c 50 -P "$pipeline" "${KEYS[@]}" -q --csv \
      2>/dev/null | awk -F'"' -v t="${test^^}" '$2 == t { print $4, $14 }') || true
    local ended=$EPOCHREALTIME
    scrape "$1-$ROUND-$test-$pipeline-after"
    echo "$ROUND,$1,$spec,${rps:-failed},${p99:-}" >>"$RESULTS"
    log "round $ROUND $1 $spec: ${rps:-failed} req/s, p99 ${p99:-?} ms"
    stages "$1 round $ROUND $spec" "$1-$ROUND-$test-$pipeline" "$started" "$ended"
  done
}

scrape() { # file prefix: each member's metrics, with BENCH_STAGES=on
  [[ $STAGES == on ]] || return 0
  local i
  for i in "${!HTTP_PORTS[@]}"; do
    curl -s -m 5 "http://$HOST:${HTTP_PORTS[i]}/actuator/prometheus" >"$WORK/stages/$1-n$((i + 1)).prom" || true
  done
}

stages() { # title prefix start end
  [[ $STAGES == on && ${#HTTP_PORTS[@]} -gt 0 ]] || return 0
  local i files=()
  for i in "${!HTTP_PORTS[@]}"; do
    files+=("$WORK/stages/$2-before-n$((i + 1)).prom" "$WORK/stages/$2-after-n$((i + 1)).prom")
  done
  { echo "$1:"; python3 "$(dirname "$0")/write-stages.py" "$(awk -v a="$3" -v b="$4" 'BEGIN { print b - a }')" "${files[@]}"; } \
    >>"$WORK/stages.txt" 2>&1 || true
}

redis() { # label appendonly
  local port dir=$WORK/$1-$ROUND
  port=$(free_port); mkdir -p "$dir"
  redis-server --bind "$HOST" --port "$port" --dir "$dir" --save '' --daemonize no --appendonly "$2" \
    --appendfsync always >"$dir/redis.log" 2>&1 </dev/null &
  PIDS+=($!)
  until redis-cli -h "$HOST" -p "$port" PING >/dev/null 2>&1; do sleep 0.2; done
  measure "$1" "$port"
  stop_all
}

cluster() { # label jar nodes durability [jvm options...]
  local label=$1 jar=$2 count=$3 durability=$4 i peers="" leader="" deadline
  local -a raft=() http=() jvm=("${@:5}")
  for ((i = 1; i <= count; i++)); do
    raft+=("$(free_port)"); http+=("$(free_port)")
    peers+="${peers:+,}n$i@$HOST:${raft[i - 1]}"
  done
  for ((i = 1; i <= count; i++)); do
    local dir=$WORK/$label-$ROUND/n$i
    mkdir -p "$dir"
    java -Xmx512m "${jvm[@]}" -jar "$jar" --raft.node-id="n$i" --raft.host="$HOST" --raft.port="${raft[i - 1]}" \
      --raft.peers="$peers" --raft.data-dir="$dir/data" --raft.durability="$durability" \
      --server.address="$HOST" --server.port="${http[i - 1]}" --logging.file.name="$dir/node.log" \
      "${RAFT_ARGS[@]}" >"$dir/console.log" 2>&1 </dev/null &
    PIDS+=($!)
  done
  deadline=$((SECONDS + 180))
  while [[ -z $leader ]]; do
    ((SECONDS < deadline)) || { log "$label: no leader"; exit 1; }
    sleep 1
    for ((i = 1; i <= count; i++)); do
      leader=$(redis-cli -h "$HOST" -p "${raft[i - 1]}" RAFTLEADER 2>/dev/null | grep ':' || true)
      [[ -n $leader ]] && break
    done
  done
  HTTP_PORTS=("${http[@]}")
  measure "$label" "${leader##*:}"
  HTTP_PORTS=()
  stop_all
}

pair() { # nodes durability: both builds, the after build first in even rounds with BENCH_ALTERNATE=on
  if [[ $ALTERNATE == on ]] && ((ROUND % 2 == 0)); then
    cluster "after-$1$2" "$AFTER" "$1" "$2" "${AFTER_JAVA[@]}"
    cluster "before-$1$2" "$BEFORE" "$1" "$2" "${BEFORE_JAVA[@]}"
  else
    cluster "before-$1$2" "$BEFORE" "$1" "$2" "${BEFORE_JAVA[@]}"
    cluster "after-$1$2" "$AFTER" "$1" "$2" "${AFTER_JAVA[@]}"
  fi
}

log "work dir $WORK; load: $(uptime)"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  if [[ $CLUSTER != off ]]; then
    redis redis-aof yes
    pair 3 high
  fi
  if [[ $SINGLE != off ]]; then
    redis redis-mem no
    pair 1 low
  fi
done
log "done; load: $(uptime)"

rps() { awk -F, -v r="$1" -v l="$2" -v t="$3" '$1 == r && $2 == l && $3 == t { print $4 }' "$RESULTS"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
for spec in $TESTS; do
  echo
  echo "${spec%%:*} -P ${spec##*:}, requests/s:"
  echo
  echo "| round | redis AOF always | 3 nodes high, before | after | before/redis | after/redis | after/before | redis no AOF | 1 node low, before | after | before/redis | after/redis | after/before |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    ra=$(rps $ROUND redis-aof "$spec"); b3=$(rps $ROUND before-3high "$spec"); a3=$(rps $ROUND after-3high "$spec")
    rm=$(rps $ROUND redis-mem "$spec"); b1=$(rps $ROUND before-1low "$spec"); a1=$(rps $ROUND after-1low "$spec")
    echo "| $ROUND | $ra | $b3 | $a3 | $(ratio "$b3" "$ra") | $(ratio "$a3" "$ra") | $(ratio "$a3" "$b3") | $rm | $b1 | $a1 | $(ratio "$b1" "$rm") | $(ratio "$a1" "$rm") | $(ratio "$a1" "$b1") |"
  done
done
