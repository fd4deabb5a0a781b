#!/usr/bin/env bash
# Runs a local 3-node raftboot sample cluster (a replicated Redis clone) in the background.
#
#   scripts/cluster.sh           start the cluster, or stop it if it is running
#   scripts/cluster.sh start     start it, or the members that are not running (builds the jar if missing)
#   scripts/cluster.sh stop      stop it
#   scripts/cluster.sh status    show each node's process and Raft state
#   scripts/cluster.sh restart   stop, then start (data is kept)
#   scripts/cluster.sh clean     stop, then delete .cluster/ (all data and logs)
#   scripts/cluster.sh build     (re)build sample-app/target/sample-app.jar
#
# Nodes n1..n3: RESP (Redis protocol) on 127.0.0.1:7481-7483, HTTP/actuator on 8081-8083.
# Data, logs and PID files live under .cluster/ in the repository. JAVA_OPTS is passed to each JVM.
# Members start with a class-data cache (CDS on JDK 17, the AOT cache on JDK 25: JAVA=<java binary>)
# trained once per jar in .class-cache/ (scripts/class-cache.sh); CLASS_CACHE=off starts plain jars.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/sample-app/target/sample-app.jar"
DIR="$ROOT/.cluster"
NODES=(n1 n2 n3)
HOST=127.0.0.1
START_TIMEOUT=${CLUSTER_START_TIMEOUT:-180}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
# resp(), and class_cache_command: members start with a class-data cache trained for this jar
source "$ROOT/scripts/class-cache.sh"

resp_port() { echo $((7480 + ${1#n})); }
http_port() { echo $((8080 + ${1#n})); }
peers() {
  local list="" n
  for n in "${NODES[@]}"; do list+="${list:+,}$n@$HOST:$(resp_port "$n")"; done
  echo "$list"
}

# PID of node $1 if the recorded process is alive and really is that node; nothing otherwise.
node_pid() {
  local file="$DIR/$1/pid" pid
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  local command=""
  [[ $pid =~ ^[0-9]+$ ]] && command=$(ps -ww -p "$pid" -o command= 2>/dev/null || true)
  if [[ $command == *sample-app.jar*"--raft.node-id=$1 "* ]]; then
    echo "$pid"
  else
    rm -f "$file" # stale: the process is gone (or the PID was reused by something else)
  fi
}

running_nodes() {
  local n
  for n in "${NODES[@]}"; do [[ -n $(node_pid "$n") ]] && echo "$n"; done
  return 0
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

build() {
  (cd "$ROOT" && mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl sample-app -am)
}

build_if_missing() {
  if [[ ! -f $JAR ]]; then
    echo "Building $JAR (first run; takes a minute or two) ..."
    build
  fi
}

start() {
  local n port missing=()
  for n in "${NODES[@]}"; do [[ -z $(node_pid "$n") ]] && missing+=("$n"); done
  if ((${#missing[@]} == 0)); then
    echo "The cluster is already running. Use '$0 stop' to stop it."
    return 0
  fi
  command -v java >/dev/null || { echo "java (17 or later) is required on the PATH" >&2; exit 1; }
  for n in "${missing[@]}"; do
    for port in "$(resp_port "$n")" "$(http_port "$n")"; do
      if port_busy "$port"; then
        echo "Port $port on $HOST is already in use by another process; free it first." >&2
        exit 1
      fi
    done
  done
  build_if_missing
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  class_cache_command "$JAR" $JAVA_OPTS
  local -A pids=()
  for n in "${NODES[@]}"; do pids[$n]=$(node_pid "$n"); done
  for n in "${missing[@]}"; do
    mkdir -p "$DIR/$n"
    nohup "${APP_JAVA[@]}" \
      --raft.node-id="$n" --raft.host="$HOST" --raft.port="$(resp_port "$n")" \
      --raft.peers="$(peers)" --raft.data-dir="$DIR/$n/data" \
      --server.address="$HOST" --server.port="$(http_port "$n")" \
      --logging.file.name="$DIR/$n/node.log" \
      >"$DIR/$n/console.log" 2>&1 </dev/null &
    pids[$n]=$!
    echo "${pids[$n]}" >"$DIR/$n/pid"
  done
  echo "Started ${missing[*]}; waiting for a leader (up to ${START_TIMEOUT}s) ..."
  local deadline=$((SECONDS + START_TIMEOUT)) leader=""
  while [[ -z $leader ]]; do
    for n in "${NODES[@]}"; do
      # the PIDs just started are ours: only ask whether they still exist (their command line may
      # not read "java ..." yet in the first milliseconds)
      if ! kill -0 "${pids[$n]}" 2>/dev/null; then
        echo "Node $n exited during start-up. Last lines of $DIR/$n/console.log:" >&2
        tail -n 30 "$DIR/$n/console.log" >&2 || true
        local other
        for other in "${NODES[@]}"; do kill -TERM "${pids[$other]}" 2>/dev/null || true; done
        rm -f "$DIR"/n*/pid
        exit 1
      fi
      leader=$(resp "$(resp_port "$n")" RAFTLEADER 2>/dev/null || true)
      [[ -n $leader ]] && break
    done
    if [[ -z $leader ]]; then
      if ((SECONDS >= deadline)); then
        echo "No leader after ${START_TIMEOUT}s; the nodes keep running. Logs: $DIR/n*/node.log" >&2
        exit 1
      fi
      sleep 1
    fi
  done
  local leader_port=${leader##*:}
  cat <<INFO

raftboot sample cluster is up. Leader: $leader

  Connect:     redis-cli -p $leader_port
               (commands go to the leader: other members answer -TRY $leader;
                RAFTLEADER names the leader, RAFTPEERS and RAFTSTATS describe the cluster)
  Try:         redis-cli -p $leader_port SET greeting hello EX 60
               redis-cli -p $leader_port GET greeting
  Actuator:    http://$HOST:8081/actuator/raft     (n2: 8082, n3: 8083)
               http://$HOST:8081/actuator/health
               http://$HOST:8081/actuator/prometheus
  Data, logs:  $DIR/n1 .. $DIR/n3
  Stop:        $0 stop      (or run $0 again)
INFO
}

stop() {
  local n pid stopped=()
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    if [[ -n $pid ]]; then
      kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$n")
    fi
  done
  if ((${#stopped[@]} == 0)); then
    echo "The cluster is not running."
    return 0
  fi
  local deadline=$((SECONDS + 30))
  for n in "${stopped[@]}"; do
    while pid=$(node_pid "$n"); [[ -n $pid ]]; do
      if ((SECONDS >= deadline)); then
        echo "Node $n (PID $pid) did not stop in time; killing it." >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.5
    done
    rm -f "$DIR/$n/pid"
  done
  echo "Stopped ${stopped[*]}. Data is kept in $DIR (delete it with '$0 clean')."
}

status() {
  local n pid state
  for n in "${NODES[@]}"; do
    pid=$(node_pid "$n")
    if [[ -z $pid ]]; then
      printf '%s  stopped\n' "$n"
      continue
    fi
    state=$(resp "$(resp_port "$n")" RAFTSTATE 2>/dev/null || true)
    printf '%s  pid %-7s resp %s:%s  http %s:%s  %s\n' "$n" "$pid" "$HOST" "$(resp_port "$n")" "$HOST" \
      "$(http_port "$n")" "${state:-not answering yet}"
  done
  local leader=""
  for n in $(running_nodes); do
    leader=$(resp "$(resp_port "$n")" RAFTLEADER 2>/dev/null || true)
    [[ -n $leader ]] && break
  done
  echo "leader: ${leader:-none known}"
}

case "${1:-toggle}" in
  toggle) if [[ -n $(running_nodes) ]]; then stop; else start; fi ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  clean) stop; rm -rf "$DIR"; echo "Deleted $DIR." ;;
  build) build ;;
  -h|--help|help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "usage: $0 [start|stop|status|restart|clean|build]" >&2; exit 2 ;;
esac
