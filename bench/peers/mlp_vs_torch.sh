#!/usr/bin/env bash
# One run, same machine: PyTorch peer, grokmeter's MlpBench (JMH), PyTorch again — so the ratio
# is measured side by side. Writes bench/results/mlp-vs-torch-<commit>.txt. Needs Debian's
# python3-torch; libopenblas0-pthread is used when present (torch's "generic" BLAS build otherwise
# runs the reference BLAS, ~60x slower than any real setup).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bin/jdk.sh
./mvnw -B -q -pl bench -am package -DskipTests
java="$(gm_find_java "$PWD")"
mkdir -p bench/results
out="bench/results/mlp-vs-torch-$(git rev-parse --short HEAD).txt"
blas=/usr/lib/x86_64-linux-gnu/openblas-pthread
torch() {
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    LD_LIBRARY_PATH="${blas}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" /usr/bin/python3 bench/peers/torch_mlp.py "$@"
}
{
  echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  echo "# single-core sgemm (numpy/OpenBLAS)"; python3 bench/peers/sgemm_peak.py
  echo "# torch (before)"; torch
  echo "# grokmeter MlpBench (JMH, one thread)"
  # other helpers' JMH runs hold /tmp/jmh.lock on a shared machine: ignore it (say so in the results)
  "$java" -Djmh.ignoreLock=true --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar MlpBench "${@}" \
    2>&1 | grep -E '^(Benchmark|MlpBench|ERROR|Exception)' || true
  echo "# torch (after)"; torch
} | tee "$out"
