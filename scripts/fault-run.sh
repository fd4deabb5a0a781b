#!/usr/bin/env bash
# Long fault-injection runs against the sample app as real processes (module fault-tests).
#
#   scripts/fault-run.sh --seed 42 --duration 10m --faults kill,pause,partition,membership,transfer --nodes 5
#
# Options (all optional): --seed S, --duration 90s|5m|1h, --faults kill,pause,partition,membership,transfer,
# --nodes N (default 5), --consistency high|medium|low (default high), --clients N (10), --registers N (8),
# --counters N (4), --snapshot-every N (0 = defaults; e.g. 400 snapshots every 400 entries, whatever the
# state's size, to make lagging members catch up by InstallSnapshot), --pinned-readers N (0; read-only clients pinned to one member each: with
# --consistency low and partitions they show stale reads), --jar PATH, --workdir DIR (new or empty; default: a new
# temp dir).
# Prints the report (verdict, operation counts, faults applied, any violation with its smallest window);
# the history is kept in the work dir as history.tsv (tab-separated, one operation per line).
# Exit status: 0 pass, 1 violation or lost write, 2 checker undecided, 64 bad arguments.
#
#   scripts/fault-run.sh --check DIR/history.tsv     re-checks a saved history (same exit statuses)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=sample-app/target/sample-app.jar
if [ ! -f "$jar" ]; then
  echo "building $jar" >&2
  mvn -B -ntp -q -DskipTests package -pl sample-app -am >&2
fi

cp_file=fault-tests/target/fault-run.classpath
if [ ! -d fault-tests/target/classes/io/raftboot/faults/run ] || [ ! -f "$cp_file" ] \
   || [ -n "$(find fault-tests/src/main fault-tests/pom.xml raft-spring-boot-starter-test/src/main \
              -newer "$cp_file" -print -quit)" ]; then
  echo "building fault-tests" >&2
  # -am: the history checker comes from the test kit's classes in this checkout, and the kit needs
  # raft-core's test classes (the simulator), hence test-compile; every module writes its class
  # path into its own target/ (a relative file), fault-tests' is the one used
  mvn -B -ntp -q -pl fault-tests -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fault-run.classpath -Dmdep.includeScope=runtime >&2
fi

if [ "${1:-}" = "--check" ]; then
  exec java -cp "fault-tests/target/classes:$(cat "$cp_file")" io.raftboot.faults.run.CheckHistoryMain "${2:?history file}"
fi
exec java -cp "fault-tests/target/classes:$(cat "$cp_file")" io.raftboot.faults.run.FaultRunMain --jar "$jar" "$@"
