#!/usr/bin/env python3
"""Peer of FitBench: scipy curve_fit (method 'lm', MINPACK) on the same curves, same starts.

Curves: the real MLP run curves_37_0 (bench/src/main/resources/fit/curves_37_0.csv.gz, 3000 epochs)
and the 50 000-point paper-mode linear curves at lambda = 1.05 (docs/method.md paper mode, log-space closed forms,
exactly as org.grokmeter.bench.FitCurves computes them). Prints one line per curve: wall and process-CPU
time per fit (best of 5 repeats of a timed loop, like timeit), the fitted (t*, s), the tolerances.
Run with OPENBLAS_NUM_THREADS=1 so CPU time is one core's (curve_fit is single-threaded anyway).

    python3 bench/peers/scipy_fit.py            # scipy's default tolerances
    python3 bench/peers/scipy_fit.py --tight    # xtol = ftol = gtol = 1e-13 (the fixtures' setting)
"""
import argparse
import gzip
import os
import time

import numpy as np
from scipy.optimize import curve_fit
from scipy.special import erf, erfcx

HERE = os.path.dirname(os.path.abspath(__file__))
MLP = os.path.join(HERE, "..", "src", "main", "resources", "fit", "curves_37_0.csv.gz")
LAMBDA, ETA, EPS = 1.05, 0.01, 1e-10


def mlp():
    with gzip.open(MLP, "rt") as f:
        d = np.genfromtxt(f, delimiter=",", names=True)
    return d["epoch"], d["train_acc"], d["val_acc"]


def linear():
    t = np.linspace(1, 5e3 / (LAMBDA - 1) ** 2, 50_000)
    x = 4 * (np.sqrt(LAMBDA) - 1) ** 2 * ETA * t
    ln_tr = -x - np.log(16 * np.sqrt(np.pi)) - 0.75 * np.log(LAMBDA) - 1.5 * np.log(ETA) - 1.5 * np.log(t)
    u = np.sqrt(x)
    ln_gen = (-x + np.log(1 - np.sqrt(np.pi) * u * erfcx(u)) - np.log(2 * np.sqrt(np.pi))
              - 0.75 * np.log(LAMBDA) - 0.5 * np.log(ETA * t))
    acc = lambda ln_l: erf(np.exp(0.5 * (np.log(EPS / 2) - ln_l)))
    return t, acc(ln_tr), acc(ln_gen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tight", action="store_true")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    kw = dict(xtol=1e-13, ftol=1e-13, gtol=1e-13) if args.tight else {}
    t_m, tr_m, va_m = mlp()
    t_l, tr_l, va_l = linear()
    tmax = t_l[-1]
    cases = [
        ("mlp_train", t_m, tr_m, 0.25, 0.75, (1e-3, 100.0)),
        ("mlp_val", t_m, va_m, 0.25, 0.75, (1e-3, 100.0)),
        ("linear_train", t_l, tr_l, 0.5, 0.5, (1 / tmax, tmax / 5)),
        ("linear_val", t_l, va_l, 0.5, 0.5, (1 / tmax, tmax / 5)),
    ]
    print("curve,points,us_per_fit,cpu_us_per_fit,t_star,s,tolerances")
    for name, t, y, a, b, p0 in cases:
        f = lambda tt, s, ts: a * erf(s * (tt - ts)) + b
        popt, _ = curve_fit(f, t, y, p0=p0, **kw)
        # loop long enough for ~0.5 s per repeat, best of the repeats (timeit's convention)
        t0 = time.perf_counter()
        curve_fit(f, t, y, p0=p0, **kw)
        one = time.perf_counter() - t0
        loops = max(1, int(0.5 / max(one, 1e-6)))
        best = float("inf")
        best_cpu = float("inf")
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            c0 = time.process_time()
            for _ in range(loops):
                curve_fit(f, t, y, p0=p0, **kw)
            best = min(best, (time.perf_counter() - t0) / loops)
            best_cpu = min(best_cpu, (time.process_time() - c0) / loops)
        print(f"{name},{len(t)},{best * 1e6:.1f},{best_cpu * 1e6:.1f},{float(popt[1])!r},{float(popt[0])!r},{'tight' if args.tight else 'default'}")


if __name__ == "__main__":
    main()
