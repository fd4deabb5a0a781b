#!/usr/bin/env bash
# End-to-end benchmark of the sample app (replicated Redis clone) against a local redis-server, with
# redis-benchmark, measured in the same session: requests/s, p50/p99 latency, the ratio to the
# matching redis-server run, and each member's fsyncs per second beside every write figure.
#
#   scripts/bench-cluster.sh              run everything; writes report.md, results.csv, fsyncs.csv
#                                         and bench-cluster.png into the work dir, prints the report
#   BENCH_N=2000 BENCH_PIPELINES="1 16" BENCH_LOAD_KEYS=20000 scripts/bench-cluster.sh   a quick check
#
# What runs, in this order (every server gets its own free 127.0.0.1 port and a fresh work dir):
#   redis-aof    redis-server --appendonly yes --appendfsync always --save ""
#   raft3-high   3 members, raft.durability=high, raft.consistency=high (GET = ReadIndex)
#   raft3-lease  3 members, durability high, consistency medium (GET under the leader lease; GET only)
#   redis-mem    redis-server --appendonly no --save ""
#   raft1-low    1 member, durability low (no explicit fsync), consistency high
# Each server: a prefill (SET of BENCH_KEYSPACE random keys, -P 64) and a warm-up (-P 16 then -P 1,
# BENCH_WARMUP_N requests, not recorded), then SET and GET (and, except raft3-lease, LPUSH and HSET:
# the list and hash writes) as separate redis-benchmark runs at each pipeline depth (50 clients, -r BENCH_KEYSPACE -d BENCH_DATA_SIZE). redis-aof and raft3-high then get
# the loaded run: BENCH_LOAD_KEYS SETs (-r BENCH_LOAD_KEYS -P 64), then SET -P 16 over that key space.
#   raft3-nosnap 3 members as raft3-high with snapshots held off (BENCH_NOSNAP, on by default): the
#                same warm-up and loaded run, so the report compares the loaded SET -P 16 with the
#                snapshots a user gets by default against the same load without any snapshot
#
# Environment (defaults in brackets):
#   BENCH_N [100000]            requests per measured run at -P 1
#   BENCH_N_PIPELINED [5*N]     requests per measured run at -P > 1 (redis finishes 100k in well under
#                               a second when pipelined)
#   BENCH_PIPELINES ["1 4 16 64"]  pipeline depths
#   BENCH_KEYSPACE [100000]     redis-benchmark -r;  BENCH_DATA_SIZE [64] -d;  BENCH_CLIENTS [50] -c
#   BENCH_LOAD_KEYS [1000000]   keys loaded before the loaded run (0 skips it)
#   BENCH_NOSNAP [on]           the loaded run once more with snapshots held off (off skips it)
#   BENCH_WARMUP_N [20000]      warm-up requests per pipeline depth
#   BENCH_TIMEOUT [150]         seconds per redis-benchmark run; BENCH_LOAD_TIMEOUT [900] for the load
#   BENCH_PERF [auto]           also count fsync/fdatasync system calls per process with
#                               `perf stat -e syscalls:...` (auto: if perf can; off: never)
#   BENCH_PLOT [on]             draw bench-cluster.png with the benchmarks module (XChart); off skips
#   BENCH_DIR                   work dir (default: a new temp dir): data, logs, raw CSV, report
#   JAVA_OPTS [-Xmx1g]          for each member's JVM;  CLUSTER_START_TIMEOUT [180] seconds to a leader
#
# fsyncs/s of a member = delta of the COUNT of its Micrometer timer raft.fsync.latency
# (/actuator/metrics on the member's HTTP port) over the run, divided by the run's wall time. The
# log writer records that timer once per real fsync of the log (one per group commit at `high`,
# none at `low`). The perf column counts the fsync/fdatasync system calls the process
# really made (log, metadata and snapshots alike), which is the proof that `high` syncs.
#
# Bounded: every redis-benchmark run has a timeout; servers bind 127.0.0.1 only; every process this
# script starts is stopped by its PID when the script exits, however it exits.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sample-app/target/sample-app.jar"
HOST=127.0.0.1
N=${BENCH_N:-100000}
N_PIPELINED=${BENCH_N_PIPELINED:-$((N * 5))}
read -r -a PIPELINES <<<"${BENCH_PIPELINES:-1 4 16 64}"
KEYSPACE=${BENCH_KEYSPACE:-100000}
DATA_SIZE=${BENCH_DATA_SIZE:-64}
CLIENTS=${BENCH_CLIENTS:-50}
LOAD_KEYS=${BENCH_LOAD_KEYS:-1000000}
NOSNAP=${BENCH_NOSNAP:-on}
WARMUP_N=${BENCH_WARMUP_N:-20000}
RUN_TIMEOUT=${BENCH_TIMEOUT:-150}
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-900}
START_TIMEOUT=${CLUSTER_START_TIMEOUT:-180}
PERF_MODE=${BENCH_PERF:-auto}
PLOT=${BENCH_PLOT:-on}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/raftboot-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS="$WORK/results.csv"
FSYNCS="$WORK/fsyncs.csv"
REPORT="$WORK/report.md"
PNG="$WORK/bench-cluster.png"
echo "system,test,pipeline,requests,seconds,rps,avg_ms,p50_ms,p95_ms,p99_ms,max_ms" >"$RESULTS"
echo "system,test,pipeline,member,seconds,meter_count,syscalls" >"$FSYNCS"
: >"$WORK/commands.txt"

PIDS=()        # every process started here; stopped on exit
USED_PORTS=()  # ports handed out, so two servers never get the same one
# The members of the system under test (functions return through globals, not $(...): a subshell
# would lose the PIDs and ports they record).
M_IDS=() M_PIDS=() M_HTTP=() PORT="" LEADER_ID=""

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
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

stop_started_since() { # stop the PIDs appended to PIDS after index $1, newest first
  local from=$1 i
  for ((i = ${#PIDS[@]} - 1; i >= from; i--)); do stop_pid "${PIDS[i]}"; done
  PIDS=("${PIDS[@]:0:from}")
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Ports are drawn below the kernel's ephemeral range: a port in it that is free now can become the
# local end of some outgoing connection (a peer link, redis-benchmark, another build) before the
# server binds it. Nor in the ranges scripts/cluster.sh uses (7481-7483, 8081-8083).
EPHEMERAL_LOW=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
PORT_LOW=10000 PORT_SPAN=$((EPHEMERAL_LOW - 10000))
((PORT_SPAN >= 1000)) || PORT_LOW=20000 PORT_SPAN=10000

# Sets FREE_PORT to a port nobody listens on.
free_port() {
  local port used
  while :; do
    port=$((PORT_LOW + (RANDOM * 32768 + RANDOM) % PORT_SPAN))
    for used in "${USED_PORTS[@]}"; do [[ $used == "$port" ]] && continue 2; done
    port_busy "$port" && continue
    USED_PORTS+=("$port")
    FREE_PORT=$port
    return 0
  done
}

# resp(): one RESP command from bash
source "$(dirname "${BASH_SOURCE[0]}")/resp.sh"

install_redis_if_missing() {
  if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    log "installing redis-server and redis-tools from Debian (the system service is not used)"
    local sudo=""
    ((EUID == 0)) || sudo=sudo
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools; } \
      >"$WORK/apt.log" 2>&1 || { log "could not install redis; see $WORK/apt.log"; exit 1; }
  fi
}

build_if_missing() {
  if [[ ! -f $JAR ]]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl sample-app -am)
  fi
}

# perf counts system calls per process through kernel tracepoints; it needs perf_event access.
PERF_OK=0
check_perf() {
  [[ $PERF_MODE == off ]] && return 0
  if command -v perf >/dev/null &&
    perf stat -x, -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -- true >/dev/null 2>&1; then
    PERF_OK=1
  else
    log "perf cannot count fsync system calls here; the syscall column stays empty"
  fi
}

# start_redis <system> <extra redis-server args...>; sets PORT and the member arrays
start_redis() {
  local system=$1; shift
  local dir="$WORK/$system"
  free_port; PORT=$FREE_PORT
  mkdir -p "$dir"
  redis-server --bind "$HOST" --port "$PORT" --dir "$dir" --save "" --daemonize no \
    --logfile "$dir/redis.log" "$@" >/dev/null 2>&1 </dev/null &
  PIDS+=($!)
  M_IDS=(redis) M_PIDS=($!) M_HTTP=("") LEADER_ID=""
  echo "redis-server --bind $HOST --port $PORT --dir $dir --save '' --daemonize no $*" >"$dir/command.txt"
  local deadline=$((SECONDS + 30))
  until [[ $(resp "$PORT" PING 2>/dev/null || true) == PONG ]]; do
    ((SECONDS < deadline)) || { log "redis-server $system did not answer PING"; exit 1; }
    sleep 0.2
  done
  log "$system: redis-server on port $PORT (PID ${M_PIDS[0]})"
}

# start_cluster <system> <members> <durability> <consistency>; sets PORT to the leader's RESP port
start_cluster() { # start_cluster <system> <members> <durability> <consistency> [more member options]
  local system=$1 count=$2 durability=$3 consistency=$4
  local -a more=("${@:5}")
  local i peers="" dir
  local -a ports=()
  M_IDS=() M_PIDS=() M_HTTP=()
  for ((i = 1; i <= count; i++)); do
    M_IDS+=("n$i")
    free_port; ports+=("$FREE_PORT")
    peers+="${peers:+,}n$i@$HOST:$FREE_PORT"
  done
  for ((i = 0; i < count; i++)); do
    dir="$WORK/$system/${M_IDS[i]}"
    mkdir -p "$dir"
    free_port; M_HTTP+=("$FREE_PORT")
    # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
    java $JAVA_OPTS -jar "$JAR" \
      --raft.node-id="${M_IDS[i]}" --raft.host="$HOST" --raft.port="${ports[i]}" \
      --raft.peers="$peers" --raft.data-dir="$dir/data" \
      --raft.durability="$durability" --raft.consistency="$consistency" \
      --server.address="$HOST" --server.port="$FREE_PORT" \
      --logging.file.name="$dir/node.log" "${more[@]}" \
      >"$dir/console.log" 2>&1 </dev/null &
    PIDS+=($!)
    M_PIDS+=($!)
  done
  echo "java $JAVA_OPTS -jar sample-app.jar --raft.node-id=nI --raft.host=$HOST --raft.port=P --raft.peers=$peers --raft.data-dir=... --raft.durability=$durability --raft.consistency=$consistency --server.address=$HOST --server.port=H ${more[*]}" \
    >"$WORK/$system/command.txt"
  local deadline=$((SECONDS + START_TIMEOUT)) leader=""
  while [[ -z $leader ]]; do
    for ((i = 0; i < count; i++)); do
      if ! kill -0 "${M_PIDS[i]}" 2>/dev/null; then
        log "member ${M_IDS[i]} of $system exited during start-up; see $WORK/$system/${M_IDS[i]}/console.log"
        exit 1
      fi
      leader=$(resp "${ports[i]}" RAFTLEADER 2>/dev/null || true)
      [[ -n $leader ]] && break
    done
    if [[ -z $leader ]]; then
      ((SECONDS < deadline)) || { log "no leader in $system after ${START_TIMEOUT}s"; exit 1; }
      sleep 1
    fi
  done
  PORT=${leader##*:}
  for ((i = 0; i < count; i++)); do [[ ${ports[i]} == "$PORT" ]] && LEADER_ID=${M_IDS[i]}; done
  # the actuator answers a little after the RESP port; fsync counts need it
  for ((i = 0; i < count; i++)); do
    until [[ -n $(meter_count "${M_HTTP[i]}") ]]; do
      if ! kill -0 "${M_PIDS[i]}" 2>/dev/null; then
        log "member ${M_IDS[i]} of $system exited during start-up; see $WORK/$system/${M_IDS[i]}/console.log"
        exit 1
      fi
      ((SECONDS < deadline)) || { log "no actuator metrics on ${M_IDS[i]} of $system"; exit 1; }
      sleep 0.5
    done
  done
  log "$system: leader $LEADER_ID ($leader)"
}

# COUNT of the member's raft.fsync.latency timer, from the actuator on HTTP port $1; empty if none.
meter_count() {
  [[ -n $1 ]] || return 0
  curl -s --max-time 5 "http://$HOST:$1/actuator/metrics/raft.fsync.latency" 2>/dev/null |
    grep -o '"statistic":"COUNT","value":[0-9.eE+-]*' | sed 's/.*://' || true
}

# perf_start <tag>: counts fsync/fdatasync calls of every member process until perf_stop.
PERF_PIDS=()
perf_start() {
  PERF_PIDS=()
  ((PERF_OK)) || return 0
  local i
  for i in "${!M_PIDS[@]}"; do
    perf stat -x, -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -p "${M_PIDS[i]}" \
      -o "$WORK/perf.$1.${M_IDS[i]}.txt" >/dev/null 2>&1 </dev/null &
    PIDS+=($!)
    PERF_PIDS+=($!)
  done
  sleep 0.2 # perf attaches asynchronously; give it a moment before the run starts
}

perf_stop() {
  local pid i
  for pid in "${PERF_PIDS[@]}"; do
    kill -INT "$pid" 2>/dev/null || true # perf stat writes its counts on SIGINT
    wait "$pid" 2>/dev/null || true
    for i in "${!PIDS[@]}"; do [[ ${PIDS[i]} == "$pid" ]] && unset 'PIDS[i]'; done
  done
  PIDS=("${PIDS[@]}")
  PERF_PIDS=()
}

perf_count() { # total of the counters in a perf stat -x, output file; empty if none
  [[ -f $1 ]] || return 0
  awk -F, '$3 ~ /syscalls:/ && $1 ~ /^[0-9]+$/ { s += $1; n++ } END { if (n) print s }' "$1"
}

# rb <timeout> <csv out> <redis-benchmark args...>: one bounded redis-benchmark run against $PORT
rb() {
  local limit=$1 out=$2; shift 2
  local cmd=(redis-benchmark -h "$HOST" -p "$PORT" -c "$CLIENTS" -d "$DATA_SIZE" "$@" -q --csv)
  echo "timeout $limit ${cmd[*]}" >>"$WORK/commands.txt"
  local rc=0
  timeout "$limit" "${cmd[@]}" >"$out" 2>"${out%.csv}.err" </dev/null || rc=$?
  ((rc == 0)) || { echo "exit status $rc (124 = timed out after ${limit}s)" >>"${out%.csv}.err"; log "redis-benchmark failed (exit $rc): ${cmd[*]}"; }
  return 0
}

# measure <system> <test> <pipeline> <requests> <keyspace> [timeout]: one recorded run, with every
# member's fsync counters read before and after
measure() {
  local system=$1 test=$2 p=$3 n=$4 r=$5 limit=${6:-$RUN_TIMEOUT}
  local tag="$system.$test.P$p" i t0 t1 secs line
  local -a before=() after=()
  for i in "${!M_IDS[@]}"; do before+=("$(meter_count "${M_HTTP[i]}")"); done
  perf_start "$tag"
  log "$system: $test -P $p ($n requests)"
  t0=$(date +%s.%N)
  rb "$limit" "$WORK/$tag.csv" -t "$test" -n "$n" -r "$r" -P "$p"
  t1=$(date +%s.%N)
  perf_stop
  for i in "${!M_IDS[@]}"; do after+=("$(meter_count "${M_HTTP[i]}")"); done
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  # redis-benchmark --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  line=$(awk -F'"' -v t="${test^^}" '$2 == t { print $4 "," $6 "," $10 "," $12 "," $14 "," $16 }' "$WORK/$tag.csv")
  echo "$system,${test^^},$p,$n,$secs,${line:-failed,,,,,}" >>"$RESULTS"
  for i in "${!M_IDS[@]}"; do
    local meter="" id=${M_IDS[i]}
    [[ -n ${before[i]} && -n ${after[i]} ]] && meter=$(awk -v a="${before[i]}" -v b="${after[i]}" 'BEGIN { printf "%d", b - a }')
    [[ $id == "$LEADER_ID" ]] && id="$id*"
    echo "$system,${test^^},$p,$id,$secs,$meter,$(perf_count "$WORK/perf.$tag.${M_IDS[i]}.txt")" >>"$FSYNCS"
  done
}

# prefill and warm up the server on $PORT (not recorded): GETs find values, the JIT has compiled
warmup() {
  local system=$1 p
  log "$system: prefill and warm-up"
  rb "$LOAD_TIMEOUT" "$WORK/$system.prefill.csv" -t set -n "$KEYSPACE" -r "$KEYSPACE" -P 64
  for p in 16 1; do
    rb "$RUN_TIMEOUT" "$WORK/$system.warmup.P$p.csv" -t set,get -n "$WARMUP_N" -r "$KEYSPACE" -P "$p"
  done
}

n_for() { if (($1 == 1)); then echo "$N"; else echo "$N_PIPELINED"; fi; }

sweep() { # sweep <system> <tests...>
  local system=$1 p t; shift
  for p in "${PIPELINES[@]}"; do
    for t in "$@"; do measure "$system" "$t" "$p" "$(n_for "$p")" "$KEYSPACE"; done
  done
}

# loaded <system>: BENCH_LOAD_KEYS SETs first (recorded as <system>-load), then SET -P 16 over them
loaded() {
  local system=$1
  ((LOAD_KEYS > 0)) || return 0
  measure "$system-load" set 64 "$LOAD_KEYS" "$LOAD_KEYS" "$LOAD_TIMEOUT"
  echo "$system $(resp "$PORT" DBSIZE 2>/dev/null || echo '?')" >>"$WORK/dbsize.txt"
  measure "$system-loaded" set 16 "$N_PIPELINED" "$LOAD_KEYS"
}

main() {
  install_redis_if_missing
  command -v java >/dev/null || { log "java (17 or later) is required on the PATH"; exit 1; }
  command -v curl >/dev/null || { log "curl is required (fsync counts from the actuator)"; exit 1; }
  build_if_missing
  check_perf
  log "work dir $WORK"
  LOAD_AT_START=$(uptime)
  STARTED_AT=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
  : >"$WORK/dbsize.txt"
  local mark

  mark=${#PIDS[@]}
  start_redis redis-aof --appendonly yes --appendfsync always
  warmup redis-aof; sweep redis-aof set get lpush hset; loaded redis-aof
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_cluster raft3-high 3 high high
  warmup raft3-high; sweep raft3-high set get lpush hset; loaded raft3-high
  stop_started_since "$mark"

  if ((LOAD_KEYS > 0)) && [[ $NOSNAP == on ]]; then
    mark=${#PIDS[@]}
    start_cluster raft3-nosnap 3 high high --raft.snapshot.threshold=1000000000 --raft.snapshot.max-log-bytes=1TB
    warmup raft3-nosnap; loaded raft3-nosnap
    stop_started_since "$mark"
  fi

  mark=${#PIDS[@]}
  start_cluster raft3-lease 3 high medium
  warmup raft3-lease; sweep raft3-lease get
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_redis redis-mem --appendonly no
  warmup redis-mem; sweep redis-mem set get lpush hset
  stop_started_since "$mark"

  mark=${#PIDS[@]}
  start_cluster raft1-low 1 low high
  warmup raft1-low; sweep raft1-low set get lpush hset
  stop_started_since "$mark"

  if [[ $PLOT == on ]]; then plot || log "the plot failed (see $WORK/plot-build.log); the report has no picture"; fi
  report >"$REPORT"
  cat "$REPORT"
  log "report $REPORT"
}

# draws $PNG from $RESULTS with the benchmarks module (XChart; not part of any production jar)
plot() {
  local module="$ROOT/benchmarks"
  build_plot() {
    mvn -B -ntp -q "$@" -f "$module/pom.xml" compile dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$WORK/plot-build.log" 2>&1
  }
  build_plot -o || build_plot || return 1
  java -Djava.awt.headless=true -cp "$module/target/classes:$(cat "$module/target/classpath.txt")" \
    io.raftboot.bench.plot.ClusterBenchPlot "$RESULTS" "$PNG" "$(date -u '+%Y-%m-%d %H:%M UTC'), $CLIENTS clients, -d $DATA_SIZE -r $KEYSPACE" \
    >>"$WORK/plot-build.log" 2>&1 || return 1
  log "plot $PNG"
}

# --- report ---------------------------------------------------------------------------------------

field() { # field <system> <test> <pipeline> <column name>: one value of results.csv
  awk -F, -v s="$1" -v t="$2" -v p="$3" -v c="$4" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == s && $2 == t && $3 == p { print $(col[c]) }' "$RESULTS"
}

snapshot_cost() { # the loaded SET -P 16 with the default snapshots against the same without any
  local on off p99on p99off
  on=$(field raft3-high-loaded SET 16 rps); off=$(field raft3-nosnap-loaded SET 16 rps)
  [[ -n $on && -n $off ]] || return 0
  p99on=$(field raft3-high-loaded SET 16 p99_ms); p99off=$(field raft3-nosnap-loaded SET 16 p99_ms)
  echo
  echo "Snapshots under load (3 members, $LOAD_KEYS keys, SET -P 16): $(int "$on") req/s, p99 $p99on ms with the"
  echo "default snapshot policy; $(int "$off") req/s, p99 $p99off ms with snapshots held off: throughput"
  echo "without / with snapshots **$(ratio "$off" "$on")**, p99 with / without **$(ratio "$p99on" "$p99off")**."
}

ratio() {
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]]; then
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
  else
    echo "n/a"
  fi
}

int() { [[ $1 =~ ^[0-9.]+$ ]] && printf '%.0f' "$1" || echo "${1:-not run}"; }

# fsyncs/s of every member in one run: "n1* 812, n2 790 (syscalls: n1* 900, n2 850)"
fsync_cell() {
  awk -F, -v s="$1" -v t="$2" -v p="$3" -v perf="$PERF_OK" '
    $1 == s && $2 == t && $3 == p && $5 > 0 {
      if ($6 != "") m = m (m ? ", " : "") $4 " " sprintf("%.0f", $6 / $5)
      if ($7 != "") k = k (k ? ", " : "") $4 " " sprintf("%.0f", $7 / $5)
    }
    END {
      out = m
      if (perf) out = out (out ? " " : "") "(syscalls: " (k ? k : "none") ")"
      print out
    }' "$FSYNCS"
}

row() { # row <raftboot system> <redis system> <test> <pipeline> [title]
  local a=$1 b=$2 t=$3 p=$4 ra rb fa fb
  ra=$(field "$a" "$t" "$p" rps); rb=$(field "$b" "$t" "$p" rps)
  [[ -n $ra || -n $rb ]] || return 0
  fa=""; fb=""
  if [[ $t == SET || $t == LPUSH || $t == HSET ]]; then
    fa=$(fsync_cell "$a" "$t" "$p")
    if [[ $b == redis-aof* ]]; then fb="always"; else fb="none (no AOF)"; fi
    ((PERF_OK)) && fb="$fb ($(fsync_cell "$b" "$t" "$p" | sed 's/.*(//; s/)$//'))"
  fi
  printf '| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s | %s |\n' "${5:-$a vs $b}" "$t" "$p" \
    "$(int "$ra")" "$(int "$rb")" "$(ratio "$ra" "$rb")" \
    "$(field "$a" "$t" "$p" p50_ms)" "$(field "$a" "$t" "$p" p99_ms)" \
    "$(field "$b" "$t" "$p" p50_ms)" "$(field "$b" "$t" "$p" p99_ms)" "$fa" "$fb"
}

report() {
  local p
  echo "## End-to-end: sample app vs redis-server ($STARTED_AT)"
  echo
  echo "redis-benchmark, $CLIENTS clients, -r $KEYSPACE, -d $DATA_SIZE; $N requests per run at -P 1,"
  echo "$N_PIPELINED at deeper pipelines; SET, GET, LPUSH and HSET as separate runs. Ratio = raftboot / redis."
  echo "Latencies in ms as redis-benchmark reports them. fsyncs/s per member: the raft.fsync.latency"
  echo "meter (one per real fsync of the log; none at \`low\`), then"
  echo "the fsync/fdatasync system calls perf counted per process, when available. \`*\` = leader."
  echo
  echo "| raftboot vs redis | test | -P | raftboot req/s | redis req/s | ratio | raftboot p50 | raftboot p99 | redis p50 | redis p99 | raftboot fsyncs/s per member | redis fsyncs/s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for p in "${PIPELINES[@]}"; do
    row raft3-high redis-aof SET "$p" "3 members high/high vs AOF always"
    row raft3-high redis-aof GET "$p" "3 members high/high (ReadIndex) vs AOF always"
    row raft3-lease redis-aof GET "$p" "3 members high/medium (lease) vs AOF always"
    row raft3-high redis-aof LPUSH "$p" "3 members high/high vs AOF always"
    row raft3-high redis-aof HSET "$p" "3 members high/high vs AOF always"
  done
  for p in "${PIPELINES[@]}"; do
    row raft1-low redis-mem SET "$p" "1 member, durability low vs no AOF"
    row raft1-low redis-mem GET "$p" "1 member, durability low vs no AOF"
    row raft1-low redis-mem LPUSH "$p" "1 member, durability low vs no AOF"
    row raft1-low redis-mem HSET "$p" "1 member, durability low vs no AOF"
  done
  if ((LOAD_KEYS > 0)); then
    row raft3-high-load redis-aof-load SET 64 "load: $LOAD_KEYS SETs, -r $LOAD_KEYS"
    row raft3-high-loaded redis-aof-loaded SET 16 "after the load, -r $LOAD_KEYS"
    echo
    echo "Keys after the load (DBSIZE): $(paste -sd';' "$WORK/dbsize.txt" | sed 's/;/, /g')."
    snapshot_cost
  fi
  echo
  [[ -f $PNG ]] && echo "![throughput and p99 against pipeline depth](bench-cluster.png)" && echo
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
  local errors f
  errors=$(grep -l . "$WORK"/*.err 2>/dev/null || true)
  if [[ -n $errors ]]; then
    echo
    echo "### redis-benchmark errors"
    echo
    echo '```'
    for f in $errors; do echo "== ${f##*/}"; head -n 5 "$f"; done
    echo '```'
  fi
}

main "$@"
