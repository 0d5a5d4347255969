#!/usr/bin/env python3
"""Single-core float32 sgemm speed of this machine (numpy's OpenBLAS, one thread): the yardstick for
the MLP epoch's GFLOP/s in docs/performance.md. Prints shape and GFLOP/s (best of 5)."""
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import time
import numpy as np

for m, k, n in [(1000, 1000, 1000), (250, 45, 1000), (32, 45, 1000)]:
    a = np.random.default_rng(0).random((m, k), dtype=np.float32)
    b = np.random.default_rng(1).random((k, n), dtype=np.float32)
    reps = max(3, int(2e9 / (2 * m * n * k)))
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - t0) / reps)
    print(f"sgemm,{m}x{k}x{n},{2 * m * n * k / best / 1e9:.1f} GFLOP/s")
