#!/usr/bin/env bash
# Checks that the start-up cache changes no result: a short MLP sweep and a small linear sweep, each
# run through the launcher with the cache and without it (-Xshare:auto in GROKMETER_JAVA_OPTS makes
# the launcher leave it out), must write the same curves files, byte for byte, and the same runs.csv
# but for the seconds each run took. Run by `./mvnw verify` (cli/pom.xml) after the cache is made;
# without a cache it says so and passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -f "$root/cli/target/grokmeter.aot" ]]; then
  echo "check-startup-cache: no start-up cache, nothing to compare"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# runs.csv without the column named seconds
strip_seconds() {
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i }
    { if (s) { for (i = s; i < NF; i++) $i = $(i + 1); NF-- } print }' "$1"
}
for mode in cached plain; do
  opts=""
  [[ $mode == plain ]] && opts="-Xshare:auto"
  GROKMETER_JAVA_OPTS="$opts" "$root/grokmeter" --quiet mlp --input-sizes 25 --seeds 0:1 --epochs 40 \
    --threads 2 --no-figures --out "$work/$mode/mlp"
  GROKMETER_JAVA_OPTS="$opts" "$root/grokmeter" --quiet linear --points 4 --no-figures --out "$work/$mode/linear"
done
status=0
for sweep in mlp linear; do
  if ! diff -r "$work/cached/$sweep/curves" "$work/plain/$sweep/curves" >/dev/null; then
    echo "check-startup-cache: $sweep curves differ with and without the start-up cache" >&2
    status=1
  fi
  if ! diff <(strip_seconds "$work/cached/$sweep/runs.csv") <(strip_seconds "$work/plain/$sweep/runs.csv") >&2; then
    echo "check-startup-cache: $sweep runs.csv differs with and without the start-up cache" >&2
    status=1
  fi
done
[[ $status == 0 ]] && echo "check-startup-cache: the same results with and without the start-up cache"
exit $status
