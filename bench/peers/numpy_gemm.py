#!/usr/bin/env python3
"""OpenBLAS dgemm through numpy, single-threaded, on KernelBench's covariance shapes.

Run it right after the JMH run, on the same machine, so the ratio PANAMA/OpenBLAS compares like
with like on a shared machine:

    OPENBLAS_NUM_THREADS=1 python3 bench/peers/numpy_gemm.py > /tmp/numpy.csv

Prints CSV on stdout: kernel,m,k,n,dtype,impl,gflops,best_us,median_us (wall clock, like JMH;
with --cpu-time, this thread's CPU time, like org.grokmeter.bench.KernelCpuTime). Per shape:
warm-up, then `repeats` timed batches of calls into preallocated outputs (np.matmul(..., out=c), the transposes
are views, so BLAS gets the transpose flag and nothing is copied); best and median over batches.
GFLOP/s use the best batch (JMH reports means; the best batch is kinder to the peer, not to us).
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402  (after the thread settings, which OpenBLAS reads at load time)

# (benchmark, m, k, n, dtype, variant): C[m×n] = op(A)[m×k]·op(B)[k×n], as in KernelBench. The MLP's
# kernels have no BLAS peer (binary inputs, fused passes); bench/peers/torch_mlp.py compares the epoch.
SHAPES = [
    ("covarianceF64", 500, 500, 500, np.float64, "TN"),
    ("covarianceF64", 1000, 1000, 1000, np.float64, "TN"),
    ("covarianceF64", 2000, 2000, 2000, np.float64, "TN"),
    # X.T @ X with the same array on both sides: numpy calls dsyrk, which computes one triangle
    # (half the flops). Listed for information with the same 2·d·d·N flop count, so its GFLOP/s is
    # "effective"; the comparable peer row is the general product above.
    ("covarianceF64", 500, 500, 500, np.float64, "SYRK"),
    ("covarianceF64", 1000, 1000, 1000, np.float64, "SYRK"),
    ("covarianceF64", 2000, 2000, 2000, np.float64, "SYRK"),
]


CLOCK = time.perf_counter


def measure(m, k, n, dtype, variant, seconds=1.0, repeats=5):
    rng = np.random.default_rng(42)
    if variant == "NN":
        a = rng.uniform(-1, 1, (m, k)).astype(dtype)
        b = rng.uniform(-1, 1, (k, n)).astype(dtype)
        op_a, op_b = a, b
    elif variant == "TN":
        # a separate B (even for XᵀX: a copy of X) so numpy runs the general product like we do
        a = rng.uniform(-1, 1, (k, m)).astype(dtype)
        b = a.copy() if m == n else rng.uniform(-1, 1, (k, n)).astype(dtype)
        op_a, op_b = a.T, b
    elif variant == "SYRK":
        a = rng.uniform(-1, 1, (k, m)).astype(dtype)
        op_a, op_b = a.T, a
    else:
        a = rng.uniform(-1, 1, (m, k)).astype(dtype)
        b = rng.uniform(-1, 1, (n, k)).astype(dtype)
        op_a, op_b = a, b.T
    c = np.empty((m, n), dtype=dtype)
    # calls per batch so one batch lasts about seconds/repeats
    t0 = CLOCK()
    np.matmul(op_a, op_b, out=c)
    once = max(CLOCK() - t0, 1e-7)
    calls = max(1, int(seconds / repeats / once))
    for _ in range(calls):  # warm-up
        np.matmul(op_a, op_b, out=c)
    times = []
    for _ in range(repeats):
        t0 = CLOCK()
        for _ in range(calls):
            np.matmul(op_a, op_b, out=c)
        times.append((CLOCK() - t0) / calls)
    times.sort()
    return times[0], times[len(times) // 2]


def main():
    global CLOCK
    if "--cpu-time" in sys.argv[1:]:
        # this thread's CPU time (OpenBLAS runs in it with one thread), like KernelCpuTime
        CLOCK = time.thread_time
    config = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    blas = config.get("Build Dependencies", {}).get("blas", {}) if isinstance(config, dict) else {}
    print(f"# numpy {np.__version__}, BLAS {blas.get('name', '?')} {blas.get('version', '')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}", file=sys.stderr)
    print("kernel,m,k,n,dtype,impl,gflops,best_us,median_us")
    for name, m, k, n, dtype, variant in SHAPES:
        best, median = measure(m, k, n, dtype, variant)
        gflops = 2.0 * m * k * n / best / 1e9
        dt = "float32" if dtype == np.float32 else "float64"
        impl = "OPENBLAS_SYRK" if variant == "SYRK" else "OPENBLAS"
        print(f"{name},{m},{k},{n},{dt},{impl},{gflops:.3f},{best * 1e6:.2f},{median * 1e6:.2f}", flush=True)


if __name__ == "__main__":
    main()
