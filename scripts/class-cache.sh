# Sourced by cluster.sh and bench-restart.sh: starts the sample app with the JVM's class-data cache,
# trained automatically, so that a member spends less of its start loading classes.
#
#   class_cache_command JAR [JVM option ...]   sets APP_JAVA, the command up to the app's own arguments:
#                                              ("$JAVA" options [cache option] -jar <jar>)
#
# JDK 17-24: Spring Boot's CDS recipe (the jar extracted, -XX:ArchiveClassesAtExit once,
# -XX:SharedArchiveFile on every start). JDK 25 and later: the AOT cache (-XX:AOTCacheOutput once,
# -XX:AOTCache on every start). Both JVMs refuse an archive that was trained with another class path,
# so the cache lives in one fixed directory per JDK and jar ($CLASS_CACHE_DIR, default
# <repo>/.class-cache/jdk<N>) and is used with the very command line it was trained with; the
# JVM options are part of its key. It is re-trained when the jar's checksum, the JDK or the options
# change. A training run is one member on its own port ($CLASS_CACHE_PORT, default 17399) and data
# dir: it starts, takes a write and a read, and stops (about 10-30 s, once per build). Whatever goes
# wrong, APP_JAVA falls back to the plain jar; a JVM that finds the archive unusable says so in one
# warning line and starts without it. CLASS_CACHE=off turns it off; JAVA picks the java binary.

CLASS_CACHE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# resp(): one RESP command from bash
source "$CLASS_CACHE_ROOT/scripts/resp.sh"

class_cache_command() {
  local jar=$1; shift
  local java=${JAVA:-java}
  APP_JAVA=("$java" "$@" -jar "$jar")
  [[ ${CLASS_CACHE:-on} == off ]] && return 0
  local version major
  version=$("$java" -version 2>&1 | head -1)
  major=$(sed -E 's/.*version "([0-9]+).*/\1/' <<<"$version")
  [[ $major =~ ^[0-9]+$ ]] && ((major >= 17)) || return 0
  local dir=${CLASS_CACHE_DIR:-$CLASS_CACHE_ROOT/.class-cache/jdk$major}
  local archive train use
  if ((major >= 25)); then
    archive="$dir/app.aot"; train="-XX:AOTCacheOutput=$archive"; use="-XX:AOTCache=$archive"
  else
    archive="$dir/app.jsa"; train="-XX:ArchiveClassesAtExit=$archive"; use="-XX:SharedArchiveFile=$archive"
  fi
  local key
  key="$(sha256sum "$jar" | cut -d' ' -f1) $version $*"
  if [[ ! -s $archive || "$(cat "$dir/key" 2>/dev/null)" != "$key" ]]; then
    # on failure the logs stay for a look; without archive and key the next start trains again
    class_cache_train "$jar" "$dir" "$java" "$train" "$@" || { rm -f "$archive" "$dir/key"; return 0; }
    printf '%s' "$key" >"$dir/key"
  fi
  APP_JAVA=("$java" "$@" "$use" -jar "$dir/app/$(basename "$jar")")
}

# class_cache_train JAR DIR JAVA TRAIN-OPTION [JVM option ...]: extracts the jar into DIR/app and
# runs one member from there with TRAIN-OPTION until it has served a write and a read.
class_cache_train() {
  local jar=$1 dir=$2 java=$3 train=$4; shift 4
  local port=${CLASS_CACHE_PORT:-17399}
  echo "Training the class-data cache in $dir (once per build) ..." >&2
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >"$dir/extract.log" 2>&1 || {
    echo "class-data cache: extracting $jar failed (see $dir/extract.log); starting without it" >&2; return 1; }
  "$java" "$@" "$train" -jar "$dir/app/$(basename "$jar")" --raft.node-id=training --raft.host=127.0.0.1 \
    --raft.port="$port" --raft.data-dir="$dir/training-data" --server.port=0 --server.address=127.0.0.1 \
    >"$dir/training.log" 2>&1 </dev/null &
  local pid=$! deadline=$((SECONDS + 120))
  until [[ "$(resp "$port" SET class-cache:training 1 2>/dev/null)" == OK ]]; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null
      echo "class-data cache: the training run did not serve (see $dir/training.log); starting without it" >&2
      return 1
    fi
    sleep 0.2
  done
  resp "$port" GET class-cache:training >/dev/null
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null
  rm -rf "$dir/training-data"
  [[ -s ${train#*=} ]] || {
    echo "class-data cache: no archive written (see $dir/training.log); starting without it" >&2; return 1; }
}
