#!/usr/bin/env bash
# Restart time with a long log: one sample member with snapshots held off (the whole log is
# replayed), 1,000,000 SETs of 64 bytes, then a clean stop (SIGTERM) and a kill -9, each followed by
# a restart; prints the seconds from the process start until it serves a GET as leader, Spring
# Boot's own start time, and the node's replay log lines. Then the same two restarts once more with
# the class-data cache of scripts/class-cache.sh (CDS on JDK 17, the AOT cache on 25; trained first
# if the jar changed; CLASS_CACHE=off skips them, CLASS_CACHE_DIR keeps one cache per jar when
# alternating jars). Bounded; the member is stopped by PID.
#
#   scripts/bench-restart.sh [work dir]      (default: a new temp dir; needs the sample jar and redis-tools)
#
# A work dir that already holds data/ (an earlier run's log) is restarted as it is, without the load.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=${JAR:-$ROOT/sample-app/target/sample-app.jar}
WORK=${1:-$(mktemp -d /tmp/raftboot-restart.XXXXXX)}
PORT=17491
source "$ROOT/scripts/class-cache.sh"
CACHED=()
if [[ ${CLASS_CACHE:-on} != off ]]; then
  class_cache_command "$JAR" -Xmx1g # trained now if needed, not while a member runs
  [[ ${APP_JAVA[*]} == *-XX:* ]] && CACHED=("${APP_JAVA[@]}")
fi
APP_JAVA=(java -Xmx1g -jar "$JAR")
start() {
  "${APP_JAVA[@]}" --raft.node-id=r1 --raft.host=127.0.0.1 --raft.port=$PORT --raft.data-dir="$WORK/data" \
    --raft.durability=low --raft.snapshot.threshold=100000000 --raft.snapshot.max-log-bytes=10GB \
    --server.port=0 --server.address=127.0.0.1 > $WORK/out-$1.log 2>&1 &
  PID=$!
}
serving() {
  [[ "$(redis-cli -p $PORT RAFTSTATE 2>/dev/null)" == Leader ]] || return 1
  local reply; reply=$(redis-cli -p $PORT GET key:000000000001 2>&1) || return 1
  [[ "$reply" != *LOADING* && "$reply" != *CLUSTERDOWN* && "$reply" != *ERR* && "$reply" != *Could* ]]
}
trap 'kill -KILL $PID 2>/dev/null' EXIT
wait_serving() {
  local deadline=$((SECONDS + 180))
  until serving; do
    ((SECONDS < deadline)) || { echo "the member did not serve within 180 s; see $WORK/out-*.log" >&2; exit 1; }
    sleep 0.05
  done
}
if [[ -d $WORK/data/log ]]; then
  echo "restarting the log in $WORK/data as it is"
  start load
  wait_serving
else
  start load
  wait_serving
  timeout 900 redis-benchmark -p $PORT -t set -n 1000000 -r 100000 -d 64 -P 64 -c 50 -q | tail -1
fi
redis-cli -p $PORT RAFTSTATS | paste - - | grep -E "last_log_index|last_snapshot_index|commit_index"
restarts() {
  for how in TERM KILL; do
    kill -$how $PID; wait $PID 2>/dev/null
    t0=$(date +%s.%N); start $how$1
    wait_serving
    t1=$(date +%s.%N)
    started=$(grep -o "Started [A-Za-z]* in [0-9.]* seconds" $WORK/out-$how$1.log | head -1)
    echo "after SIG$how$2: serving GET $(echo "$t1 - $t0" | bc) s after the process started ($started)"
    grep -iE "replay|loading|commit hint|Unable to use shared archive|AOT cache" $WORK/out-$how$1.log | head -3
  done
}
restarts "" ""
if ((${#CACHED[@]} > 0)); then
  APP_JAVA=("${CACHED[@]}")
  restarts -cache " with the class-data cache (${APP_JAVA[*]})"
fi
kill -TERM $PID; wait $PID 2>/dev/null
du -sh $WORK/data/log
