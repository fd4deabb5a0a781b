#!/usr/bin/env bash
# Storage benchmarks (JMH): log appends of 128-byte entries with one fsync per batch (what the log
# writer does at raft.durability=high) for the segmented and MapDB logs, beside a raw
# FileChannel.force loop writing the same bytes, measured in the same run.
#
#   scripts/bench-storage.sh [batches] [stores]   log and raw interleaved operation by operation in one
#                                                 JMH run each; prints a Markdown table with ratios
#                                                 (default: 1,16,256 SEGMENTED,MAPDB)
#   scripts/bench-storage.sh jmh [JMH arguments]  plain JMH (default: every storage benchmark: the raw
#                                                 loop and the logs measured one after the other)
#
# Files go to $BENCH_DIR (default raft-core/target/bench-storage): put it on the file system to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
build() {
    mvn -B -ntp -q "$@" -pl raft-core test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
}
build -o || build
CP="raft-core/src/test/logging:raft-core/target/test-classes:raft-core/target/classes:$(cat raft-core/target/bench-classpath.txt)"
BENCH_DIR="${BENCH_DIR:-$PWD/raft-core/target/bench-storage}"
if [[ "${1:-}" == "jmh" ]]; then
    shift
    # with no arguments: every storage benchmark; otherwise JMH's own arguments (name regexps, -p, -rf ...)
    exec java -cp "$CP" org.openjdk.jmh.Main -jvmArgsAppend "-Dbench.dir=$BENCH_DIR" "${@:-io\.raftboot\.storage\.bench\..*}"
fi
exec java -Dbench.dir="$BENCH_DIR" -cp "$CP" io.raftboot.storage.bench.StorageBenchMain "$@"
