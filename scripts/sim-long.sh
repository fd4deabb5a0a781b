#!/usr/bin/env bash
# The consensus simulator over far more seeds than the default test run (which runs 20,000): spreads
# the seeds over the cores, prints progress with seeds per second, every failing seed with its replay
# line as soon as it is found, and a summary. Exit status 1 when any seed failed.
#
#   scripts/sim-long.sh                          1,000,000 seeds from seed 1, every fault class
#   scripts/sim-long.sh --seeds 200000 --first 5000001 --faults crash,partition,snapshot --voters 5
#
# Options: --seeds N, --first F (first seed), --threads T (default: one per core), --faults LIST
# (all, none, or drop,dup,reorder,partition,crash,pause,membership,transfer,snapshot), --voters 3|5.
# Replay a failing seed with the line it prints (mvn ... -Dsim.seed=S ... -Dsim.trace=true).
# Add every seed it finds to SimulationTest.seedsThatOnceFailedPass once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
build() {
    mvn -B -ntp -q "$@" -pl raft-core test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/sim-classpath.txt -Dmdep.includeScope=test
}
build -o || build
CP="raft-core/src/test/logging:raft-core/target/test-classes:raft-core/target/classes:$(cat raft-core/target/sim-classpath.txt)"
exec java -XX:+UseParallelGC -cp "$CP" io.raftboot.consensus.sim.LongRun "$@"
