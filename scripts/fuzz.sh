#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder that reads bytes from outside, with Jazzer.
#
#   scripts/fuzz.sh [target|all] [duration]     e.g.  scripts/fuzz.sh resp 10m     scripts/fuzz.sh all 2m
#
# Targets: resp, message, payload, config, snapshot, segment, keyspace (default: all, one after the
# other). Duration per target: 30s, 10m, 1h or plain seconds (default 2m). Extra Maven options can
# follow, e.g. `scripts/fuzz.sh message 5m -o` to stay offline.
#
# Each target is a JUnit @FuzzTest run with JAZZER_FUZZ=1; the duration is handed to libFuzzer as
# -max_total_time (through Jazzer's jazzer.internal.arg.* parameters, which come after and override
# the annotation's maxDuration), with Jazzer's instrumentation on (-Djazzer.hooks=true; the default
# build turns it off in junit-platform.properties). Inputs that reach new code are kept in .cifuzz-corpus/ (not
# committed). A crash is written to the target's inputs directory,
# <module>/src/test/resources/<package>/<TestClass>Inputs/<method>/, and the run fails: fix the bug
# and commit that file, so that every default build (`mvn verify`, regression mode: no JAZZER_FUZZ)
# replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A TARGETS=(
  [resp]="raft-core io.raftboot.resp.RespRequestDecoderJazzerTest#decodeArbitraryBytesInAnySplit"
  [message]="raft-core io.raftboot.transport.MessageCodecJazzerTest#decodeArbitraryBytes"
  [payload]="raft-core io.raftboot.node.CommandPayloadJazzerTest#decodeArbitraryBytes"
  [config]="raft-core io.raftboot.consensus.ConfigurationCodecJazzerTest#decodeArbitraryBytes"
  [snapshot]="raft-core io.raftboot.storage.SnapshotFileJazzerTest#readArbitrarySnapshotFile"
  [segment]="raft-core io.raftboot.storage.SegmentRecoveryJazzerTest#openSegmentWithArbitraryBytes"
  [keyspace]="sample-app io.raftboot.sample.KeyspaceRestorerJazzerTest#restoreArbitraryBytes"
)
ORDER=(resp message payload config snapshot segment keyspace)

target="${1:-all}"
duration="${2:-2m}"
shift $(( $# > 2 ? 2 : $# ))

case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *[!0-9]*|'') echo "bad duration '$duration' (use e.g. 30s, 10m, 1h)" >&2; exit 2 ;;
  *) seconds=$duration ;;
esac

if [ "$target" = all ]; then
  selected=("${ORDER[@]}")
elif [ -n "${TARGETS[$target]:-}" ]; then
  selected=("$target")
else
  echo "unknown target '$target'; one of: all ${ORDER[*]}" >&2
  exit 2
fi

failed=()
for name in "${selected[@]}"; do
  read -r module test <<<"${TARGETS[$name]}"
  echo "=== fuzzing $name ($test) for ${seconds}s"
  # -am builds what the module needs from this checkout; other modules find no such test and skip.
  if ! JAZZER_FUZZ=1 mvn -B -ntp -q -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.hooks=true -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=$seconds" "$@"; then
    failed+=("$name")
    echo "=== $name FAILED: see $module/target/surefire-reports/ and the crash file named there" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found failures in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing done: ${selected[*]}, ${seconds}s each, no failure"
