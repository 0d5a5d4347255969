#!/usr/bin/env bash
# Regenerates the figures (and the MLP sweep's CSV files) that docs/reproduction-mlp.md and
# docs/linear-setting.md show, from a built tree (./mvnw -B -q -DskipTests package):
#   docs/figures/regenerate.sh [WORK_DIR]      (default: runs/docs-figures; about 5 min on 2 cores)
# Finished folders in WORK_DIR are reused (the commands resume), so a second call only redraws.
# docs/reproduction.md's figures come from `grokmeter reproduce` (see that page).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-$root/runs/docs-figures}"
gm="$root/grokmeter"
docs="$root/docs/figures"
mkdir -p "$work"

# The paper's MLP sweep (63 runs × 3000 epochs): runs.csv, trend.csv, provenance and figures.
"$gm" mlp --out "$work/mlp"
cp "$work/mlp/runs.csv" "$work/mlp/trend.csv" "$docs/mlp/"
# the session that computed the runs (a later call that only redraws appends one of its own)
awk '/^\[session /{n++} n<=1' "$work/mlp/provenance.txt" > "$docs/mlp/provenance.txt"
for f in figure2 figure4 figure5; do cp "$work/mlp/figures/$f.png" "$docs/mlp/"; done
# Our runs beside the PyTorch runs of the same (n, seed) label: one panel each, with their fits.
# A panel is titled by its file's name, hence the copies.
for label in 25_0 33_2 41_1 45_2; do
  pair="$work/compare_torch_$label"
  mkdir -p "$pair"
  cp "$work/mlp/curves/$label.csv" "$pair/grokmeter.csv"
  cp "$root/core/src/test/resources/fit/mlp_torch/curves_$label.csv.gz" "$pair/PyTorch.csv.gz"
  "$gm" --quiet fit --setting mlp --plot "$pair.png" "$pair/grokmeter.csv" "$pair/PyTorch.csv.gz" > /dev/null
  cp "$pair.png" "$docs/mlp/"
done

# The linear setting: three modes above and below λ = 1, and their m–R relations overlaid.
lin="$work/linear"
"$gm" linear --out "$lin/paper-above"
"$gm" linear --lambda-min 0.9 --lambda-max 0.997 --out "$lin/paper-below"
"$gm" linear --mode exact --out "$lin/exact-above"
"$gm" linear --mode exact --lambda-min 0.9 --lambda-max 0.997 --out "$lin/exact-below"
"$gm" linear --mode simulate --points 12 --out "$lin/sim-above"
"$gm" linear --mode simulate --lambda-min 0.9 --lambda-max 0.997 --points 12 --out "$lin/sim-below"
"$gm" linear-compare --labels "paper λ>1,paper λ<1,exact λ<1,simulate λ<1,exact λ>1,simulate λ>1" \
  --out "$lin/compare" "$lin/paper-above" "$lin/paper-below" "$lin/exact-below" "$lin/sim-below" \
  "$lin/exact-above" "$lin/sim-above"
for f in exact-above/losses exact-above/example_fits sim-above/losses paper-above/example_fits \
         sim-below/example_fits; do
  cp "$lin/${f%%/*}/figures/${f#*/}.png" "$docs/linear/${f%%/*}_${f#*/}.png"
done
for f in compare_m_vs_R compare_loglog_m_vs_R; do cp "$lin/compare/$f.png" "$docs/linear/"; done
echo "docs/figures updated from $work"
