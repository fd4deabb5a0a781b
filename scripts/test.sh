#!/usr/bin/env bash
# The project's test command (README): installs what the tests need, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify "$@"
