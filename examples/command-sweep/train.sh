#!/usr/bin/env bash
# A stand-in for a training script, to try `grokmeter sweep --exec` without a GPU: it "trains" for
# --epochs epochs and writes a CSV log (epoch,train_acc,val_acc) of accuracy curves that grok the
# way the paper's MLP does. Training accuracy jumps near epoch 20; validation accuracy follows after a
# relative gap m = 0.02 / weight_decay, the more gently the larger the gap (R_rel ~ m^-0.6), with
# seeded noise. Replace it by your own script: anything that writes a log `grokmeter fit` reads.
#
#   train.sh --weight-decay 0.01 --seed 3 --epochs 300 --log run.csv
set -euo pipefail
wd=0.01 seed=0 epochs=300 log=""
while (( $# )); do
  case "$1" in
    --weight-decay) wd="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    *) echo "train.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$log" ]] || { echo "train.sh: --log PATH is required" >&2; exit 2; }
echo "training: weight decay $wd, seed $seed, $epochs epochs -> $log"
awk -v wd="$wd" -v seed="$seed" -v epochs="$epochs" '
  # erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7)
  function erf(x,   s, t, y) {
    s = x < 0 ? -1 : 1; x = x < 0 ? -x : x
    t = 1 / (1 + 0.3275911 * x)
    y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x)
    return s * y
  }
  function clip(a) { return a < 0 ? 0 : (a > 1 ? 1 : a) }
  BEGIN {
    srand(seed + 1)
    t_train = 20 * (0.9 + 0.2 * rand())
    m = 0.02 / wd * (0.8 + 0.4 * rand())
    s_train = 0.12
    s_val = s_train * exp(-0.6 * log(m))
    t_val = t_train * (1 + m)
    print "epoch,train_acc,val_acc"
    for (e = 0; e < epochs; e++) {
      tr = clip(0.75 + 0.25 * erf(s_train * (e - t_train)) + 0.004 * (rand() - 0.5))
      va = clip(0.75 + 0.25 * erf(s_val * (e - t_val)) + 0.004 * (rand() - 0.5))
      printf "%d,%.6f,%.6f\n", e, tr, va
    }
  }' > "$log"
