#!/usr/bin/env bash
# Engine and codec benchmarks (JMH, raft-core's test classpath; not part of mvn test/verify):
#   engine  EngineBenchmark: 3 members in one JVM over loopback TCP, durability high (fsync), SETs of
#           64-byte values through RaftNode.execute on the leader, closed loop with 1, 50 and 800
#           requests in flight: commits/s and latency percentiles (p50/p99/p99.9/max); then
#           FsyncRoundTripBenchmark, the floor for 1 in flight on the same file system: one fsync
#           of a record plus two loopback TCP round trips, and the engine's p50 against it
#   codec   RespCodecBenchmark: decoding a pipelined batch of 1/16/64 SETs, encoding the replies
#           (+OK, 64-byte bulks), and the peer AppendRequest codec
#
#   scripts/bench-engine.sh                   both, then Markdown tables
#   scripts/bench-engine.sh engine [JMH args] the engine only (e.g. -p inFlight=50 -p durability=LOW)
#   scripts/bench-engine.sh codec [JMH args]  the codec only
#   scripts/bench-engine.sh jmh [JMH args]    plain JMH (default: every io.raftboot.bench benchmark)
#   BENCH_JMH="-wi 1 -w 1s -i 1 -r 2s" scripts/bench-engine.sh   a quick check (JMH options, added last)
#
# Results (JMH CSV, the engine's latency CSV, the full JMH output) go to $BENCH_OUT (default
# raft-core/target/bench-engine); the members' data to $BENCH_DIR (default raft-core/target/bench-engine/data):
# put it on the file system to measure. Every JMH fork is bounded by JMH's own timeout (-to, 10 min).
set -euo pipefail
cd "$(dirname "$0")/.."
build() {
    mvn -B -ntp -q "$@" -pl raft-core test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
}
build -o || build
CP="raft-core/src/test/logging:raft-core/target/test-classes:raft-core/target/classes:$(cat raft-core/target/bench-classpath.txt)"
OUT="${BENCH_OUT:-$PWD/raft-core/target/bench-engine}"
DATA="${BENCH_DIR:-$OUT/data}"
mkdir -p "$OUT" "$DATA"
read -r -a EXTRA <<<"${BENCH_JMH:-}"

# jmh <name> <regexp> [JMH args]: one JMH run, CSV into $OUT/<name>.csv, full output into $OUT/<name>.txt
jmh() {
    local name=$1 include=$2; shift 2
    java -cp "$CP" org.openjdk.jmh.Main "$include" -to 10m \
        -jvmArgsAppend "-Djava.io.tmpdir=$DATA -Dbench.out=$OUT/$name-latency.csv" \
        -rf csv -rff "$OUT/$name.csv" "$@" "${EXTRA[@]}" | tee "$OUT/$name.txt"
}

# column <csv> <header name>: prints the index of a column of a JMH CSV file
column() { head -n 1 "$1" | tr -d '"\r' | tr ',' '\n' | grep -nx "$2" | cut -d: -f1 || true; }

engine_table() {
    local csv="$OUT/engine.csv" latency="$OUT/engine-latency.csv"
    [[ -f $csv ]] || return 0
    local score error inflight durability
    score=$(column "$csv" Score); error=$(column "$csv" "Score Error (99.9%)")
    inflight=$(column "$csv" "Param: inFlight"); durability=$(column "$csv" "Param: durability")
    echo
    echo "| durability | in flight | commits/s | ± (99.9%) | p50 ms | p99 ms | p99.9 ms | max ms | requests timed |"
    echo "|---|---|---|---|---|---|---|---|---|"
    tr -d '"\r' <"$csv" | awk -F, -v s="$score" -v e="$error" -v f="$inflight" -v d="$durability" -v lat="$latency" '
        function err(x) { return x ~ /^[0-9.]+$/ ? sprintf("%.0f", x) : "n/a" } # NaN with one iteration
        BEGIN { while ((getline line < lat) > 0) { split(line, l, ","); key = l[2] "," l[3]; p50[key] = l[5]; p99[key] = l[6]; p999[key] = l[7]; mx[key] = l[8]; n[key] = l[4] } }
        NR > 1 { key = $d "," $f
                 printf "| %s | %s | %.0f | %s | %.2f | %.2f | %.2f | %.2f | %s |\n", $d, $f, $s, err($e),
                        p50[key] / 1000, p99[key] / 1000, p999[key] / 1000, mx[key] / 1000, n[key] }'
}

# floor_line: the engine's p50 at 1 in flight against one fsync plus two loopback round trips
floor_line() {
    [[ -f $OUT/floor-latency.csv ]] || return 0
    awk -F, '$1 == "FsyncRoundTripBenchmark" { f50 = $5; f99 = $6 }
             $1 == "EngineBenchmark" && $3 == 1 && $2 == "HIGH" { e50 = $5 }
             END { if (f50 == "") exit
                   printf "\nfloor (one fsync + two loopback round trips): p50 %.2f ms, p99 %.2f ms", f50 / 1000, f99 / 1000
                   if (e50 != "") printf "; engine at 1 in flight: p50 %.2f ms = %.2f x the floor", e50 / 1000, e50 / f50
                   print "" }' "$OUT/floor-latency.csv" "$OUT"/engine-latency.csv
}

codec_table() {
    local csv="$OUT/codec.csv"
    [[ -f $csv ]] || return 0
    local score error commands
    score=$(column "$csv" Score); error=$(column "$csv" "Score Error (99.9%)")
    commands=$(column "$csv" "Param: commands")
    echo
    echo "| benchmark | commands per op | ops/s | ± (99.9%) | commands/s |"
    echo "|---|---|---|---|---|"
    tr -d '"\r' <"$csv" | awk -F, -v s="$score" -v e="$error" -v c="${commands:-0}" '
        function err(x) { return x ~ /^[0-9.]+$/ ? sprintf("%.0f", x) : "n/a" } # NaN with one iteration
        NR > 1 { name = $1; sub(/.*\./, "", name); k = (c && $c != "") ? $c : ""
                 printf "| %s | %s | %.0f | %s | %s |\n", name, (k == "" ? "-" : k), $s, err($e), (k == "" ? "-" : sprintf("%.0f", $s * k)) }'
}

case "${1:-all}" in
    jmh)
        shift
        exec java -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "-Djava.io.tmpdir=$DATA" "${@:-io\.raftboot\.bench\..*}" "${EXTRA[@]}"
        ;;
    engine)
        shift; rm -f "$OUT/engine-latency.csv" "$OUT/floor-latency.csv"
        jmh engine 'io\.raftboot\.bench\.EngineBenchmark\.' "$@"
        jmh floor 'io\.raftboot\.bench\.FsyncRoundTripBenchmark\.'
        engine_table
        floor_line
        ;;
    codec)
        shift
        jmh codec 'io\.raftboot\.bench\.RespCodecBenchmark\.' "$@"
        codec_table
        ;;
    all)
        rm -f "$OUT/engine-latency.csv" "$OUT/floor-latency.csv"
        jmh engine 'io\.raftboot\.bench\.EngineBenchmark\.'
        jmh floor 'io\.raftboot\.bench\.FsyncRoundTripBenchmark\.'
        jmh codec 'io\.raftboot\.bench\.RespCodecBenchmark\.'
        echo
        echo "## Engine: 3 members in one JVM, loopback TCP, SET of 64-byte values via RaftNode.execute"
        engine_table
        floor_line
        echo
        echo "## RESP and peer codecs"
        codec_table
        ;;
    -h|--help|help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) echo "usage: $0 [engine|codec|jmh] [JMH arguments]" >&2; exit 2 ;;
esac
