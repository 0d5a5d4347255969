package org.grokmeter.linear;

import org.grokmeter.Limits;

/**
 * What one run of the linear setting allocates, from its options alone, so that one that cannot run
 * on this JVM is refused before anything is allocated (see {@link Limits}). The time-grid term covers
 * the grid, the four curves and both fits' working arrays; simulate mode adds the data set
 * (N_tr = round(d/λ) training and the validation samples, d inputs each), its transposed copy and
 * eigen-coordinates, and the d × d covariance with its eigendecomposition.
 * Keys are the sweep-file keys of the linear experiment.
 */
public final class LinearLimits {

  /** Bytes per time-grid point: grid, 4 curves, two fits' working arrays. */
  static final double BYTES_PER_POINT = 8 * 24;

  private LinearLimits() {}

  /** Refuses options whose arrays Java cannot index or whose run does not fit in the heap. */
  public static void check(LeviCurves.Mode mode, double lambda, int samples, int dim, int outputs,
      int validationSamples) {
    footprint(mode, lambda, samples, dim, outputs, validationSamples, true);
  }

  /** About how many bytes one run allocates at its peak (the options must pass {@link #check}). */
  public static long heapBytes(LeviCurves.Mode mode, double lambda, int samples, int dim, int outputs,
      int validationSamples) {
    return (long) Math.min(Long.MAX_VALUE, footprint(mode, lambda, samples, dim, outputs, validationSamples, false));
  }

  /** The bytes one run allocates; with {@code refuse}, refused when they or an array do not fit. */
  private static double footprint(LeviCurves.Mode mode, double lambda, int samples, int dim, int outputs,
      int validationSamples, boolean refuse) {
    double grid = BYTES_PER_POINT * samples;
    if (mode != LeviCurves.Mode.SIMULATE) {
      if (refuse) {
        Limits.checkArray("samples", "time-grid points", samples);
        Limits.checkHeap("samples", "the curves and fits of one run (" + samples + " time points)", grid);
      }
      return grid;
    }
    double d = dim;
    double n = Math.max(1, Math.rint(d / lambda));
    double v = validationSamples;
    double data = 8 * (3 * n * d + 2 * v * d + 10 * d * outputs + (n + v) * outputs);
    double covariance = 8 * 6 * d * d;
    double total = grid + data + covariance;
    if (!refuse) {
      return total;
    }
    Limits.checkArray("samples", "time-grid points", samples);
    Limits.checkArray(n >= d ? "lambdas" : "dim", "N_tr = round(dim/lambda) training samples x dim inputs", n * d);
    Limits.checkArray("val_samples", "val_samples x dim inputs", v * d);
    Limits.checkArray("dim", "dim x dim covariance", d * d);
    Limits.checkArray("outputs", "dim x outputs weights", d * outputs);
    Limits.checkArray("outputs", "N_tr x outputs residuals", n * outputs);
    Limits.checkArray("outputs", "val_samples x outputs residuals", v * outputs);
    String key;
    String what;
    if (covariance >= data && covariance >= grid) {
      key = "dim";
      what = "the covariance and its eigendecomposition (dim " + dim + " squared)";
    } else if (data >= grid) {
      key = n * d >= v * d ? (n >= d ? "lambdas" : "dim") : "val_samples";
      what = "the data of one run (" + String.format(java.util.Locale.ROOT, "%.0f", n) + " training and "
          + validationSamples + " validation samples x dim " + dim + ")";
    } else {
      key = "samples";
      what = "the curves and fits of one run (" + samples + " time points)";
    }
    Limits.checkHeap(key, what + " with everything else one run allocates", total);
    return total;
  }
}
