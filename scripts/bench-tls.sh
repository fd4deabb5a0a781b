#!/usr/bin/env bash
# The cost of TLS, ours against redis-server's own, in one session (BENCHMARKS.md, "TLS").
#
# One sample-app member (raft.durability=low: in memory, like redis without AOF) with a plain
# raft.port and a TLS raft.tls.port (migration mode: the same process serves both), and one
# redis-server with --port and --tls-port (Debian's redis 7 is built with TLS). redis-benchmark
# runs SET and GET against the four ports, interleaved per round, so each plain/TLS pair is
# measured within seconds of each other on the same process.
#
# Certificates are made here with keytool (CA + one member certificate for 127.0.0.1); openssl
# only converts the member's key to PEM for redis-server. Everything lives in a temp dir; every
# process started here is stopped by PID on exit.
#
#   scripts/bench-tls.sh                  # BENCH_N=20000 requests per run, 3 rounds, -P 1
#   BENCH_N=50000 BENCH_ROUNDS=5 BENCH_P=16 scripts/bench-tls.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_N:-20000}
ROUNDS=${BENCH_ROUNDS:-3}
PIPELINE=${BENCH_P:-1}
CLIENTS=${BENCH_C:-50}
HOST=127.0.0.1
JAR=sample-app/target/sample-app.jar
PASS=changeit
WORK=$(mktemp -d /tmp/bench-tls.XXXXXX)
PIDS=()

log() { printf '[bench-tls %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for tool in redis-server redis-benchmark redis-cli openssl keytool; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
redis-benchmark --help 2>&1 | grep -q -- '--tls' || { echo "redis-benchmark is built without TLS" >&2; exit 2; }
[[ -f $JAR ]] || { echo "build $JAR first: mvn -B -q -pl sample-app -am package -DskipTests" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# --- certificates ---
kt() { keytool -J-XX:TieredStopAtLevel=1 "$@" >/dev/null 2>&1; }
kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=bench CA" -ext bc:c -validity 2 \
   -keystore "$WORK/ca.p12" -storetype PKCS12 -storepass $PASS
kt -exportcert -alias ca -keystore "$WORK/ca.p12" -storepass $PASS -rfc -file "$WORK/ca.pem"
kt -importcert -alias ca -file "$WORK/ca.pem" -keystore "$WORK/trust.p12" -storetype PKCS12 -storepass $PASS -noprompt
kt -genkeypair -alias member -keyalg EC -groupname secp256r1 -dname "CN=member" -validity 2 \
   -keystore "$WORK/member.p12" -storetype PKCS12 -storepass $PASS
kt -certreq -alias member -keystore "$WORK/member.p12" -storepass $PASS -file "$WORK/member.csr"
kt -gencert -alias ca -keystore "$WORK/ca.p12" -storepass $PASS -infile "$WORK/member.csr" -outfile "$WORK/member.crt" \
   -rfc -validity 2 -ext san=ip:127.0.0.1,dns:localhost -ext eku=serverAuth,clientAuth
kt -importcert -alias ca -file "$WORK/ca.pem" -keystore "$WORK/member.p12" -storepass $PASS -noprompt
kt -importcert -alias member -file "$WORK/member.crt" -keystore "$WORK/member.p12" -storepass $PASS -noprompt
openssl pkcs12 -in "$WORK/member.p12" -passin pass:$PASS -nocerts -nodes -out "$WORK/member.key" 2>/dev/null
log "certificates in $WORK"

# --- servers ---
R_PLAIN=$(free_port); R_TLS=$(free_port)
redis-server --bind $HOST --port "$R_PLAIN" --tls-port "$R_TLS" --tls-cert-file "$WORK/member.crt" \
  --tls-key-file "$WORK/member.key" --tls-ca-cert-file "$WORK/ca.pem" --tls-auth-clients no \
  --dir "$WORK" --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

A_PLAIN=$(free_port); A_TLS=$(free_port); A_HTTP=$(free_port)
java -Xmx512m -jar "$JAR" --raft.node-id=bench --raft.host=$HOST --raft.port="$A_PLAIN" \
  --raft.tls.port="$A_TLS" --raft.tls.bundle=raft \
  --spring.ssl.bundle.jks.raft.keystore.location="file:$WORK/member.p12" \
  --spring.ssl.bundle.jks.raft.keystore.password=$PASS --spring.ssl.bundle.jks.raft.keystore.type=PKCS12 \
  --spring.ssl.bundle.jks.raft.truststore.location="file:$WORK/trust.p12" \
  --spring.ssl.bundle.jks.raft.truststore.password=$PASS --spring.ssl.bundle.jks.raft.truststore.type=PKCS12 \
  --raft.durability=low --raft.data-dir="$WORK/raft" --server.address=$HOST --server.port="$A_HTTP" \
  >"$WORK/raft.log" 2>&1 &
PIDS+=($!)

for i in $(seq 1 600); do
  if [[ $(redis-cli -h $HOST -p "$R_PLAIN" PING 2>/dev/null) == PONG \
        && $(redis-cli -h $HOST -p "$A_PLAIN" RAFTLEADER 2>/dev/null) == *:* ]]; then break; fi
  ((i < 600)) || { echo "servers did not come up; see $WORK/*.log" >&2; tail -20 "$WORK/raft.log" >&2; exit 1; }
  sleep 0.2
done
redis-cli --tls --cacert "$WORK/ca.pem" -h $HOST -p "$A_TLS" PING | grep -q PONG
redis-cli --tls --cacert "$WORK/ca.pem" -h $HOST -p "$R_TLS" PING | grep -q PONG
log "raftboot plain $A_PLAIN, TLS $A_TLS; redis plain $R_PLAIN, TLS $R_TLS; uptime: $(uptime)"

bench() { # <port> <tls?> <n> -> "set,get" req/s
  local port=$1 tls=$2 n=$3 args=()
  [[ $tls == tls ]] && args=(--tls --cacert "$WORK/ca.pem")
  timeout 150 redis-benchmark -h $HOST -p "$port" "${args[@]}" -t set,get -n "$n" -c "$CLIENTS" -P "$PIPELINE" -q --csv \
    | awk -F'"' '/"SET"/ { s = $4 } /"GET"/ { g = $4 } END { printf "%s,%s", s, g }'
}

# warm-up (the JVM must JIT both paths; redis gets the same for symmetry), not recorded
for target in "$A_PLAIN plain" "$A_TLS tls" "$R_PLAIN plain" "$R_TLS tls"; do bench $target 20000 >/dev/null; done

echo "| round | raftboot plain SET | raftboot TLS SET | raftboot plain GET | raftboot TLS GET | redis plain SET | redis TLS SET | redis plain GET | redis TLS GET |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  ap=$(bench "$A_PLAIN" plain "$N"); at=$(bench "$A_TLS" tls "$N")
  rp=$(bench "$R_PLAIN" plain "$N"); rt=$(bench "$R_TLS" tls "$N")
  echo "| $round | ${ap%,*} | ${at%,*} | ${ap#*,} | ${at#*,} | ${rp%,*} | ${rt%,*} | ${rp#*,} | ${rt#*,} |"
done
log "done; uptime: $(uptime)"
