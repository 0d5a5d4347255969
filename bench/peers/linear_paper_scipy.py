"""Peer for grokmeter's default paper-mode linear run (docs/performance.md, "Linear setting").

The same computation as `grokmeter linear --mode paper --no-figures`, the way the paper's authors
computed it (numpy closed forms + scipy curve_fit), but with the bracket of L_gen evaluated stably
(scipy.special.erfcx) so that no value is NaN:
  120 lambda = linspace(1.003, 1.1, 120); t = linspace(1, 5e3/(lambda-1)^2, 50000);
  x = 4 (sqrt(lambda)-1)^2 eta t;  L_tr, L_gen from docs/method.md (paper mode);  A = erf(sqrt(eps/(2L)));
  curve_fit(0.5*erf(s*(t-t*))+0.5, t, A, p0=(1/t_max, t_max/5)) for train and validation;
  m, R_rel, R_abs; runs.csv written to the folder given as the first argument.
Single process, numpy's own threading (OpenBLAS is not involved: everything is elementwise).
Usage: python3 bench/peers/linear_paper_scipy.py OUT_DIR
"""
import math
import os
import sys

import numpy as np
from scipy.optimize import curve_fit
from scipy.special import erf, erfcx

ETA, EPS = 0.01, 1e-10


def log_losses(lam, t):
    r = (lam - 1) / (math.sqrt(lam) + 1)           # sqrt(lam) - 1 without cancellation
    x = 4 * r * r * ETA * t
    log_tr = -x - np.log(16 * math.sqrt(math.pi) * lam ** 0.75 * ETA ** 1.5) - 1.5 * np.log(t)
    z = np.sqrt(x)
    # e^-x - sqrt(pi x) erfc(sqrt x) = e^-x (1 - sqrt(pi) z erfcx(z)); 1 - sqrt(pi) z erfcx(z) computed directly
    # is accurate to ~1e-8 relative at x = 50, which is all the fit needs (the paper used erfc itself).
    bracket = 1 - math.sqrt(math.pi) * z * erfcx(z)
    log_gen = -x + np.log(bracket) - np.log(2 * math.sqrt(math.pi) * lam ** 0.75 * math.sqrt(ETA)) - 0.5 * np.log(t)
    return log_tr, log_gen


def accuracy(log_l):
    return erf(np.exp(0.5 * (math.log(EPS / 2) - log_l)))


def model(t, s, t_star):
    return 0.5 * erf(s * (t - t_star)) + 0.5


def main(out):
    os.makedirs(out, exist_ok=True)
    rows = []
    for lam in np.linspace(1.003, 1.1, 120):
        t_max = 5e3 / (lam - 1) ** 2
        t = np.linspace(1, t_max, 50000)
        log_tr, log_gen = log_losses(lam, t)
        a_tr, a_gen = accuracy(log_tr), accuracy(log_gen)
        p0 = (1 / t_max, t_max / 5)
        (s_tr, ts_tr), _ = curve_fit(model, t, a_tr, p0=p0)
        (s_val, ts_val), _ = curve_fit(model, t, a_gen, p0=p0)
        m = ts_val / ts_tr - 1
        rows.append((lam, ts_tr, s_tr, ts_val, s_val, m, s_val / s_tr, s_val / math.sqrt(math.pi)))
    with open(os.path.join(out, "runs.csv"), "w") as f:
        f.write("lambda,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs\n")
        for r in rows:
            f.write(",".join(repr(float(v)) for v in r) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "linear_paper_scipy_out")
