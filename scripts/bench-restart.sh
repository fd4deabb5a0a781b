#!/usr/bin/env bash
# Restart time with a long log: one sample member with snapshots held off (the whole log is
# replayed), 1,000,000 SETs of 64 bytes, then a clean stop (SIGTERM) and a kill -9, each followed by
# a restart; prints the seconds from the process start until it serves a GET as leader, Spring
# Boot's own start time, and the node's replay log lines. Bounded; the member is stopped by PID.
#
#   scripts/bench-restart.sh [work dir]      (default: a new temp dir; needs the sample jar and redis-tools)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=${JAR:-$ROOT/sample-app/target/sample-app.jar}
WORK=${1:-$(mktemp -d /tmp/raftboot-restart.XXXXXX)}
PORT=17491
start() {
  java -Xmx1g -jar $JAR --raft.node-id=r1 --raft.host=127.0.0.1 --raft.port=$PORT --raft.data-dir="$WORK/data" \
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
start load
wait_serving
timeout 900 redis-benchmark -p $PORT -t set -n 1000000 -r 100000 -d 64 -P 64 -c 50 -q | tail -1
redis-cli -p $PORT RAFTSTATS | paste - - | grep -E "last_log_index|last_snapshot_index|commit_index"
for how in TERM KILL; do
  kill -$how $PID; wait $PID 2>/dev/null
  t0=$(date +%s.%N); start $how
  wait_serving
  t1=$(date +%s.%N)
  started=$(grep -o "Started [A-Za-z]* in [0-9.]* seconds" $WORK/out-$how.log | head -1)
  echo "after SIG$how: serving GET $(echo "$t1 - $t0" | bc) s after the process started ($started)"
  grep -iE "replay|loading|commit hint" $WORK/out-$how.log | head -3
done
kill -TERM $PID; wait $PID 2>/dev/null
du -sh $WORK/data/log
