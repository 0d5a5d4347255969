#!/usr/bin/env bash
# Makes the start-up cache cli/target/grokmeter.aot for the jar cli/target/grokmeter.jar: one JVM runs
# org.grokmeter.cli.StartupTraining (a small linear sweep, MLP sweep, fit and trend, with figures) with
# JDK 25's -XX:AOTCacheOutput, which records the classes they load and link and the methods' profiles;
# the launcher then starts every JVM from it (about 0.1 s less per process: docs/performance.md,
# "Start-up"). Run by `./mvnw package` after the jar is made (cli/pom.xml); the JVM's own report goes to
# cli/target/grokmeter.aot.log. The cache is optional: when it cannot be made, one line says why and
# the build goes on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/jdk.sh"
jar="$root/cli/target/grokmeter.jar"
cache="$root/cli/target/grokmeter.aot"
log="$cache.log"
scratch="$root/cli/target/startup-training"
rm -rf "$cache" "$cache.tmp" "$scratch"
trap 'rm -rf "$scratch"' EXIT
java="$(gm_find_java "$root")" || exit 0
if "$java" "${GM_JVM_OPTS[@]}" -XX:AOTCacheOutput="$cache.tmp" -cp "$jar" org.grokmeter.cli.StartupTraining \
    "$scratch" "$root/examples/curves_25_0.csv.gz" >"$log" 2>&1 && [[ -s "$cache.tmp" ]]; then
  mv "$cache.tmp" "$cache"
  echo "start-up cache: $cache ($(( $(wc -c < "$cache") / 1048576 )) MiB)"
else
  rm -f "$cache.tmp"
  echo "start-up cache: not made (see $log); grokmeter starts without it"
fi
