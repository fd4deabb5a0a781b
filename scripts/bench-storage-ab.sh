#!/usr/bin/env bash
# A/B of the storage benchmark: scripts/bench-storage.sh run alternately in another checkout (A,
# e.g. an export of main) and in this one (B), round by round, so that both see the same disk.
#
#   scripts/bench-storage-ab.sh <checkout A> [rounds] [batches] [stores]   (default: 2 1,16,256 SEGMENTED)
#
# Each run prints bench-storage.sh's table (entries/s of the log and of a raw appending force loop
# measured operation by operation in the same JVM, and their ratio); compare A and B per round.
# Files go to $BENCH_DIR (default: this checkout's raft-core/target/bench-storage) for both sides.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
a=$(cd "${1:?usage: $0 <checkout A> [rounds] [batches] [stores]}" && pwd)
rounds=${2:-2}
batches=${3:-1,16,256}
stores=${4:-SEGMENTED}
export BENCH_DIR="${BENCH_DIR:-$here/raft-core/target/bench-storage}"
for round in $(seq "$rounds"); do
    for side in A B; do
        dir=$a
        [[ $side == B ]] && dir=$here
        echo "== round $round, $side: $dir ($(date -u +%H:%M:%S))"
        "$dir/scripts/bench-storage.sh" "$batches" "$stores" | sed -n '/^| store/,$p'
    done
done
