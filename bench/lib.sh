# Shared by bench/run, bench/ab, bench/compare and bench/table (sourced, not executed).

# The java of the launcher (bin/jdk.sh): JAVA_HOME when it is a JDK 25, else the JDK the build
# selected by toolchain discovery, else the PATH's. Resolved again after each build.
GM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$GM_ROOT/bin/jdk.sh"
gm_resolve_java() { JAVA="$(gm_find_java "$GM_ROOT" 2>/dev/null || echo java)"; }
gm_resolve_java

# Every benchmark fork: the Vector API module (a -jvmArgsAppend on the JMH command line REPLACES
# @Fork(jvmArgsAppend), so it must be repeated here), a fixed heap so GC sizing does not vary run to run.
FORK_ARGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g"

# Presets. Many short iterations rather than a few long ones: JMH's 99.9% interval uses Student's t,
# which is 31.6 for 3 iterations but 6.9 for 6 and 3.8 for 24 (four A/B rounds), so the same
# measuring time gives error bars several times narrower.
# quick: 1 fork, 3 × 0.5 s warm-up, 6 × 0.5 s measured (~6 s per benchmark and param set with JVM start).
# full: 3 forks, 5 × 1 s warm-up, 10 × 1 s measured (~50 s per benchmark and param set).
QUICK=(-f 1 -wi 3 -w 500ms -i 6 -r 500ms)
FULL=(-f 3 -wi 5 -w 1s -i 10 -r 1s)
# The quick set is every benchmark except these (a regex, JMH -e): the d×d covariance products take
# seconds per call for d = 2000 in SCALAR and EJML. Naming benchmarks explicitly overrides it.
QUICK_EXCLUDE='KernelBench\.covarianceF64'

# Builds the bench module (and what it needs) in the repository at $1. Maven runs with JAVA_HOME at
# the JDK found above unless it is set: commits older than the build's toolchain discovery (bench/ab's
# bases) compile only on a JDK 25 Maven itself runs on.
gm_build() {
  local home="${JAVA_HOME:-}"
  [[ -z "$home" && "$JAVA" == */bin/java ]] && home="$(dirname "$(dirname "$JAVA")")"
  echo "bench: building $1 (./mvnw -B -q -pl bench -am package -DskipTests)" >&2
  (cd "$1" && JAVA_HOME="$home" ./mvnw -B -q -pl bench -am package -DskipTests) >&2
  gm_resolve_java
}

# Runs a tool class from the bench jar $1 with arguments; the incubator warning is dropped.
gm_tool() {
  local jar="$1" cls="$2"
  shift 2
  "$JAVA" --add-modules jdk.incubator.vector -cp "$jar" "org.grokmeter.bench.tools.$cls" "$@" \
    2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

# Builds the jar in $1 unless it is newer than every source and pom it depends on.
gm_ensure_jar() {
  local root="$1" jar="$1/bench/target/benchmarks.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/bench/src" "$root/core/src" "$root/bench/pom.xml" \
      "$root/core/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    gm_build "$root"
  fi
}

# "abc1234" and "true"/"false" for the repository at $1.
gm_commit() { git -C "$1" rev-parse --short=7 HEAD 2>/dev/null || echo unknown; }
gm_dirty() { if [[ -n "$(git -C "$1" status --porcelain 2>/dev/null)" ]]; then echo true; else echo false; fi; }
gm_loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

# gm_jmh LOG STREAM JMH-ARGS…: runs JMH (java -jar …) appending its output to LOG (and to stdout when
# STREAM is 1). JMH refuses to start while another JMH run holds /tmp/jmh.lock — two benchmark runs
# at once would spoil each other — so wait for it (up to BENCH_LOCK_WAIT seconds, default 3600).
gm_jmh() {
  local log="$1" stream="$2" waited=0 status
  shift 2
  while true; do
    : >"$log.attempt"
    set +e
    if [[ $stream == 1 ]]; then
      "$JAVA" "$@" 2>&1 | grep -v --line-buffered '^WARNING: Using incubator modules' | tee "$log.attempt"
      status=${PIPESTATUS[0]}
    else
      "$JAVA" "$@" >"$log.attempt" 2>&1
      status=$?
    fi
    set -e
    if ((status != 0)) && grep -q 'Unable to acquire the JMH lock' "$log.attempt"; then
      if ((waited >= ${BENCH_LOCK_WAIT:-3600})); then
        echo "bench: gave up after ${waited}s waiting for another JMH run to release /tmp/jmh.lock" >&2
        cat "$log.attempt" >>"$log"; rm -f "$log.attempt"
        return 1
      fi
      ((waited == 0)) && echo "bench: another JMH run holds /tmp/jmh.lock; waiting for it to finish" >&2
      sleep 10
      waited=$((waited + 10))
      continue
    fi
    cat "$log.attempt" >>"$log"
    rm -f "$log.attempt"
    return "$status"
  done
}
# "abc1234" or "abc1234-dirty".
gm_label() { if [[ $(gm_dirty "$1") == true ]]; then echo "$(gm_commit "$1")-dirty"; else gm_commit "$1"; fi; }

# gm_preset_without PRESET-NAME EXTRA…: prints the preset's "-flag value" pairs (one per line) minus the
# flags that also appear in EXTRA, so options given after -- replace the preset's (JMH refuses repeats).
gm_preset_without() {
  local -n preset="$1"
  shift
  local i
  for ((i = 0; i < ${#preset[@]}; i += 2)); do
    local flag="${preset[i]}" seen=0 e
    for e in "$@"; do [[ $e == "$flag" ]] && seen=1; done
    ((seen)) || printf '%s\n%s\n' "$flag" "${preset[i + 1]}"
  done
}
