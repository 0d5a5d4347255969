package org.grokmeter.linear;

/**
 * Exact mode (docs/method.md): the large-d limit, where the eigenvalues ν of Σ_tr follow the
 * Marchenko–Pastur law with ratio λ (an atom of mass (1 − 1/λ)⁺ at ν = 0 plus the bulk on
 * [(1 − √λ)², (1 + √λ)²]). Under gradient flow L_tr = E[ν e^(−4ηνt)] and L_gen = E[e^(−4ηνt)]:
 * <pre>
 *   L_tr(t)  = e^(−4η(1 − √λ)² t) · I₁ₑ(8ηt√λ) / (4ηt√λ)
 *   L_gen(t) = (1 − 1/λ)⁺ + 4η ∫_t^∞ L_tr(u) du          (since dL_gen/dt = −4η L_tr)
 * </pre>
 *
 * <p>Quadrature rule (documented because the numbers depend on it): write L_tr(u) = e^(−ku)·h(u)
 * with k = 4η(1 − √λ)², and integrate the scaled G(a) = ∫_a^∞ e^(−k(u−a)) h(u) du so nothing
 * underflows (ln L = −ka + ln G). [a, b] is cut into pieces whose length is at most max(p, h₀)
 * (p the piece's start, h₀ = 1/(4η(1 + √λ)²) the fastest time scale of the spectrum) and at most
 * 4/k, so on each piece the integrand changes by a bounded factor; each piece gets 10-point
 * Gauss–Legendre. The infinite tail uses the same growing pieces until a piece adds less than
 * 1e-18 of the sum. On an ascending grid the integral is accumulated from the right between
 * neighbouring times, so a 50 000-point curve costs about one piece per point. Accuracy ~1e-13
 * relative, checked against an independent quadrature of the Marchenko–Pastur density.
 */
public final class ExactCurves implements LeviCurves {

  /** 10-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun table 25.4). */
  private static final double[] GL_X = {
      -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472,
      -0.1488743389816312, 0.1488743389816312, 0.4333953941292472, 0.6794095682990244,
      0.8650633666889845, 0.9739065285171717};
  private static final double[] GL_W = {
      0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963,
      0.2955242247147529, 0.2955242247147529, 0.2692667193099963, 0.2190863625159820,
      0.1494513491505806, 0.0666713443086881};
  private static final double TAIL_REL = 1e-18;
  private static final int MAX_TAIL_PIECES = 100_000;

  private final double lambda;
  private final double eta;
  private final double sqrtLambda;
  /** Decay rate of the slowest bulk mode: k = 4η(1 − √λ)². */
  private final double k;
  /** Mass of the zero modes: (1 − 1/λ)⁺. */
  private final double atom;
  /** Fastest time scale: 1/(4η(1 + √λ)²). */
  private final double h0;
  /** Longest piece: 4/k (∞ at λ = 1). */
  private final double maxPiece;

  public ExactCurves(double lambda, double eta) {
    LeviCurves.checkParameters(lambda, eta);
    this.lambda = lambda;
    this.eta = eta;
    this.sqrtLambda = Math.sqrt(lambda);
    double r = LeviCurves.sqrtLambdaMinusOne(lambda);
    this.k = 4 * eta * r * r;
    this.atom = lambda > 1 ? (lambda - 1) / lambda : 0;
    this.h0 = 1 / (4 * eta * (1 + sqrtLambda) * (1 + sqrtLambda));
    this.maxPiece = k > 0 ? 4 / k : Double.POSITIVE_INFINITY;
  }

  @Override
  public Mode mode() {
    return Mode.EXACT;
  }

  @Override
  public double lambda() {
    return lambda;
  }

  @Override
  public double eta() {
    return eta;
  }

  /** The level L_gen approaches as t → ∞: (1 − 1/λ)⁺. */
  public double genLossFloor() {
    return atom;
  }

  @Override
  public double logTrainLoss(double t) {
    LeviCurves.checkTime(t);
    return -k * t + logH(t);
  }

  /** ln h(u) = ln L_tr(u) + k·u = ln I₁ₑ(8ηu√λ) − ln(4ηu√λ); h(0) = E[ν] = 1. */
  private double logH(double u) {
    double half = 4 * eta * u * sqrtLambda;
    if (half == 0) {
      return 0;
    }
    return LinearMath.logBesselI1e(2 * half) - Math.log(half);
  }

  @Override
  public double logGenLoss(double t) {
    LeviCurves.checkTime(t);
    return combine(t, Math.log(tail(t)));
  }

  @Override
  public void evaluate(double[] t, double[] logTrain, double[] logGen) {
    int n = t.length;
    boolean ascending = true;
    for (int i = 0; i < n; i++) {
      LeviCurves.checkTime(t[i]);
      if (i > 0 && !(t[i] > t[i - 1])) {
        ascending = false;
      }
    }
    if (!ascending || n == 0) {
      LeviCurves.super.evaluate(t, logTrain, logGen);
      return;
    }
    // G(t_i) = P(t_i, t_{i+1}) + e^(−k(t_{i+1} − t_i))·G(t_{i+1}), from the right; all terms ≥ 0.
    double g = tail(t[n - 1]);
    logGen[n - 1] = combine(t[n - 1], Math.log(g));
    logTrain[n - 1] = logTrainLoss(t[n - 1]);
    for (int i = n - 2; i >= 0; i--) {
      g = piecewise(t[i], t[i + 1]) + Math.exp(-k * (t[i + 1] - t[i])) * g;
      logGen[i] = combine(t[i], Math.log(g));
      logTrain[i] = logTrainLoss(t[i]);
    }
  }

  /** ln L_gen from ln G(t): ln((1 − 1/λ)⁺ + 4η e^(−kt) G(t)). */
  private double combine(double t, double logG) {
    double logBulk = Math.log(4 * eta) - k * t + logG;
    if (atom == 0) {
      return logBulk;
    }
    double la = Math.log(atom);
    return logBulk > la ? logBulk + Math.log1p(Math.exp(la - logBulk)) : la + Math.log1p(Math.exp(logBulk - la));
  }

  /** ∫_a^b e^(−k(u−a)) h(u) du by Gauss–Legendre on pieces (see the class comment). */
  private double piecewise(double a, double b) {
    double sum = 0;
    double p = a;
    while (p < b) {
      double len = Math.min(Math.min(Math.max(p, h0), maxPiece), b - p);
      double q = (b - (p + len) < 1e-12 * len) ? b : p + len;
      sum += gaussLegendre(a, p, q);
      p = q;
    }
    return sum;
  }

  /** G(a) = ∫_a^∞ e^(−k(u−a)) h(u) du: growing pieces until one adds less than 1e-18 of the sum. */
  private double tail(double a) {
    double sum = 0;
    double p = a;
    for (int i = 0; i < MAX_TAIL_PIECES; i++) {
      double len = Math.min(Math.max(p, h0), maxPiece);
      double piece = gaussLegendre(a, p, p + len);
      sum += piece;
      p += len;
      if (piece <= TAIL_REL * sum) {
        break;
      }
    }
    return sum;
  }

  /** 10-point Gauss–Legendre of e^(−k(u−a)) h(u) on [p, q]. */
  private double gaussLegendre(double a, double p, double q) {
    double half = 0.5 * (q - p);
    double mid = p + half;
    double s = 0;
    for (int j = 0; j < GL_X.length; j++) {
      double u = mid + half * GL_X[j];
      s += GL_W[j] * Math.exp(logH(u) - k * (u - a));
    }
    return s * half;
  }
}
