#!/usr/bin/env python3
"""PANAMA vs OpenBLAS (numpy) and vs EJML, per GEMM shape, as a Markdown table.

    python3 bench/peers/openblas_ratios.py RESULTS.json NUMPY.csv [NUMPY.csv…]
    python3 bench/peers/openblas_ratios.py KERNEL_CPU_TIME.csv NUMPY_CPU_TIME.csv


RESULTS.json is a JMH result file of KernelBench (bench/run writes one); NUMPY.csv is the output of
bench/peers/numpy_gemm.py run right after it on the same machine. Several numpy files (one per JMH
run, e.g. the covariance run separately) are merged; a shape measured twice keeps the later one. A CSV first
argument is KernelCpuTime's output (CPU time), to pair with numpy_gemm.py --cpu-time.
JMH scores are mean ops/s (GFLOP/s = ops/s · 2mkn / 1e9); numpy's is its best batch of calls.
Target: every shape PANAMA/EJML ≥ 10; PANAMA/OpenBLAS is reported as it is.
"""
import csv
import json
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ours = {}
    if sys.argv[1].endswith(".csv"):
        # org.grokmeter.bench.KernelCpuTime output: PANAMA only, GFLOP/s by thread CPU time
        with open(sys.argv[1]) as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                ours[(row["kernel"], int(row["m"]), int(row["k"]), int(row["n"]), row["impl"])] = float(row["gflops"])
        jmh = []
    else:
        jmh = json.load(open(sys.argv[1]))
    for r in jmh:
        bench = r["benchmark"].rsplit(".", 1)[-1]
        params = r.get("params", {})
        if "shape" not in params:
            continue
        m, k, n = (int(x) for x in params["shape"].split("x"))
        unit = r["primaryMetric"]["scoreUnit"]
        if unit != "ops/s":
            sys.exit(f"{bench}: unexpected unit {unit}")
        gflops = r["primaryMetric"]["score"] * 2.0 * m * k * n / 1e9
        ours[(bench, m, k, n, params["impl"])] = gflops
    peer = {}
    for path in sys.argv[2:]:
        with open(path) as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                key = (row["kernel"], int(row["m"]), int(row["k"]), int(row["n"]), row["impl"])
                peer[key] = float(row["gflops"])
    shapes = sorted({key[:4] for key in ours}, key=lambda s: (s[0], s[1] * s[2] * s[3]))
    print("| benchmark | m×k×n | PANAMA | OpenBLAS | EJML | PANAMA/OpenBLAS | PANAMA/EJML | targets |")
    print("|---|---|--:|--:|--:|--:|--:|---|")
    for s in shapes:
        p = ours.get(s + ("PANAMA",))
        e = ours.get(s + ("EJML",))
        o = peer.get(s + ("OPENBLAS",))
        syrk = peer.get(s + ("OPENBLAS_SYRK",))
        if p is None:
            continue
        ro = p / o if o else None
        re = p / e if e else None
        verdict = []
        if re is not None:
            verdict.append("≥ 10× EJML" if re >= 10 else "BELOW 10× EJML")
        note = f" (syrk: {syrk:.1f} effective)" if syrk else ""
        print(f"| {s[0]} | {s[1]}×{s[2]}×{s[3]} | {p:.1f} | {fmt(o)}{note} | {fmt(e)} | {ratio(ro)} | {ratio(re)} "
              f"| {', '.join(verdict)} |")


def fmt(x):
    return "" if x is None else f"{x:.1f}"


def ratio(x):
    return "" if x is None else (f"{x:.1f}×" if x >= 10 else f"{x:.2f}×")


if __name__ == "__main__":
    main()
