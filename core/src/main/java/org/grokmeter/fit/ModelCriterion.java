package org.grokmeter.fit;

/**
 * Information criterion used to choose the S-curve form automatically, with the one formula of each
 * (lmfit's convention, k = free parameters): AIC = n·ln(rss/n) + 2k, BIC = n·ln(rss/n) + k·ln n.
 */
public enum ModelCriterion {
  AIC,
  BIC;

  /** n·ln(rss/n) + 2k. */
  public static double aic(int n, double rss, int k) {
    return n * Math.log(rss / n) + 2.0 * k;
  }

  /** n·ln(rss/n) + k·ln n. */
  public static double bic(int n, double rss, int k) {
    return n * Math.log(rss / n) + k * Math.log(n);
  }

  /** This criterion's value of a fit (lower is better). */
  public double of(FitResult r) {
    return this == AIC ? r.aic() : r.bic();
  }
}
