#!/usr/bin/env bash
# The project's test command (README): installs what the tests need, then runs every module's tests.
# Extra arguments go to Maven, e.g. ./scripts/test.sh -Dsim.seeds=5000
set -euo pipefail
cd "$(dirname "$0")/.."

# redis-cli and redis-benchmark drive the sample cluster in the smoke tests (Debian's redis-tools).
if ! command -v redis-cli >/dev/null 2>&1 || ! command -v redis-benchmark >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing redis-tools (redis-cli, redis-benchmark)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools >/dev/null \
      || echo "WARNING: could not install redis-tools; the redis-cli smoke tests will be skipped" >&2
  else
    echo "WARNING: redis-cli not found and cannot install it here; the redis-cli smoke tests will be skipped" >&2
  fi
fi

mvn -B -ntp verify "$@"
