"""Writes scipy_pcov.csv: scipy curve_fit's optimum and standard errors (absolute_sigma=False) of the
paper's fit (a = 1/4, b = 3/4 fixed, t = epoch index) on every fixture curve, the reference for
grokmeter's `--errors iid`. Start: the paper's (s = 1e-3, t* = 100), or for a curve where that start
diverges, the midpoint crossing. Run: python3 scipy_pcov.py > scipy_pcov.csv (scipy 1.17)."""
import csv, glob, gzip, io, os
import numpy as np
from scipy.optimize import curve_fit
from scipy.special import erf

def model(t, s, t_star):
    return 0.25 * erf(s * (t - t_star)) + 0.75

print("file,curve,t_star,s,t_star_se,s_se")
here = os.path.dirname(os.path.abspath(__file__))
for path in sorted(glob.glob(os.path.join(here, "curves_*.csv.gz"))):
    rows = list(csv.DictReader(io.TextIOWrapper(gzip.open(path), "utf-8")))
    t = np.arange(len(rows), dtype=float)
    for curve in ("train_acc", "val_acc"):
        y = np.array([float(r[curve]) for r in rows])
        p0 = [1e-3, 100.0]
        try:
            p, cov = curve_fit(model, t, y, p0=p0, xtol=1e-13, ftol=1e-13, gtol=1e-13, maxfev=100000)
            ok = abs(p[1] - t.mean()) < 3 * len(t) and p[0] > 0
        except RuntimeError:
            ok = False
        if not ok:
            start = float(np.argmax(y >= 0.75))
            p, cov = curve_fit(model, t, y, p0=[1e-3, start], xtol=1e-13, ftol=1e-13, gtol=1e-13, maxfev=100000)
        se = np.sqrt(np.diag(cov))
        print(f"{os.path.basename(path)},{curve},{float(p[1])!r},{float(p[0])!r},{float(se[1])!r},{float(se[0])!r}")
