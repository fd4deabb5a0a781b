#!/usr/bin/env bash
# Runs the storage JMH benchmarks (log appends at durability high, and the raw FileChannel.force
# baseline in the same run). Extra arguments go to JMH, e.g. -p batch=1 or -rf json -rff out.json.
# Files go to -Dbench.dir (default raft-core/target/bench-storage): put it on the file system to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -o -pl raft-core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test \
    || mvn -B -ntp -q -pl raft-core test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="raft-core/target/test-classes:raft-core/target/classes:$(cat raft-core/target/bench-classpath.txt)"
exec java -Dbench.dir="${BENCH_DIR:-raft-core/target/bench-storage}" -cp "$CP" \
    org.openjdk.jmh.Main 'io\.raftboot\.storage\.bench\..*' -jvmArgsAppend "-Dbench.dir=${BENCH_DIR:-$PWD/raft-core/target/bench-storage}" "$@"
