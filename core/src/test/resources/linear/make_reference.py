"""Independent references for the linear setting's exact mode (run once; output committed).

- i1e.csv: scipy.special.i1e (Cephes Chebyshev expansions) at y from 1e-8 to 1e6.
- exact_mp_quad.csv: ln L_tr and ln of the bulk part of L_gen computed directly from the
  Marchenko-Pastur density with scipy.integrate.quad (NOT from the Bessel closed form or the
  integral of L_tr that grokmeter uses): nu = m + r cos(theta), m = 1 + lam, r = 2 sqrt(lam),
  phi = pi - theta, so 1 + cos(theta) = 2 sin^2(phi/2) and
    E_bulk[f(nu) e^{-c nu}] = e^{-c lam_-} * int_0^pi r^2 sin^2(phi) f(nu) e^{-2 c r sin^2(phi/2)} / (2 pi lam nu) dphi,
  c = 4 eta t, lam_- = (1 - sqrt(lam))^2.
Usage: python3 make_reference.py  (numpy 2.4, scipy 1.17 here)
"""
import math
import numpy as np
from scipy import integrate, special

with open("i1e.csv", "w") as f:
    f.write("y,i1e\n")
    for y in [1e-8, 1e-4, 0.01, 0.1, 0.5, 1, 2, 5, 8, 10, 15, 20, 25, 29.9, 30, 30.1, 40, 50, 100, 1e3, 1e4, 1e6]:
        f.write(f"{y!r},{float(special.i1e(y))!r}\n")

def bulk(lam, c, power):
    m, r = 1 + lam, 2 * math.sqrt(lam)
    lm = (1 - math.sqrt(lam)) ** 2
    def g(phi):
        nu = m - r * math.cos(phi)
        return r * r * math.sin(phi) ** 2 * nu ** power * math.exp(-2 * c * r * math.sin(phi / 2) ** 2) / (2 * math.pi * lam * nu)
    w = 1 / math.sqrt(max(c * r, 1e-300))
    pts = sorted({p for p in (w, 3 * w, 10 * w, 30 * w) if p < math.pi})
    val, err = integrate.quad(g, 0, math.pi, points=pts or None, epsabs=0, epsrel=2e-14, limit=1000)
    return -c * lm + math.log(val)

eta = 0.01
with open("exact_mp_quad.csv", "w") as f:
    f.write("lambda,eta,t,ln_train_loss,ln_gen_loss_bulk\n")
    for lam in [0.25, 0.5, 0.9, 1.003, 1.05, 1.1, 2.0]:
        for t in [0.0, 1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7]:
            c = 4 * eta * t
            f.write(f"{lam!r},{eta!r},{t!r},{bulk(lam, c, 1)!r},{bulk(lam, c, 0)!r}\n")
