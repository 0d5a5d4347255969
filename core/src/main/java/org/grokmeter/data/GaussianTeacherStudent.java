package org.grokmeter.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Seeded data of the linear teacher–student setting (docs/method.md, setting 1): inputs x ~ N(0, I_d), teacher T and
 * initial student S₀, a training set of N_tr rows and a fresh validation set.
 *
 * <p>Weights: entries ~ N(0, 1/(2d)), so every output column of D₀ = S₀ − T has ‖D₀[:,c]‖² ≈ 1
 * and L_gen(0) = ‖D₀‖²_F/d_out ≈ 1 for every d_out. For d_out = 1 this is the paper's N(0, 1/(2·d·d_out));
 * for d_out > 1 that variance would start L_gen at 1/d_out and shift every time scale, while
 * this choice makes each output an independent copy of the d_out = 1 problem, which exact mode
 * describes (and more outputs average out the sampling noise).
 *
 * <p>Each array comes from its own stream (xoshiro256++ seeded through SplitMix64 from the master
 * seed and a fixed stream number), so changing N_tr or the validation size never changes the
 * teacher or the initial student. Matrices are row-major: X is N_tr×d, T and S₀ are d×d_out.
 */
public final class GaussianTeacherStudent {

  private static final long STREAM_TRAIN = 1;
  private static final long STREAM_TEACHER = 2;
  private static final long STREAM_STUDENT = 3;
  private static final long STREAM_VALIDATION = 4;

  public final long seed;
  public final int dim;
  public final int trainSize;
  public final int validationSize;
  public final int outputs;
  /** Training inputs, trainSize × dim. */
  public final double[] trainInputs;
  /** Fresh validation inputs, validationSize × dim. */
  public final double[] validationInputs;
  /** Teacher T, dim × outputs. */
  public final double[] teacher;
  /** Initial student S₀, dim × outputs. */
  public final double[] student0;

  private GaussianTeacherStudent(long seed, int dim, int trainSize, int validationSize, int outputs) {
    this.seed = seed;
    this.dim = dim;
    this.trainSize = trainSize;
    this.validationSize = validationSize;
    this.outputs = outputs;
    this.trainInputs = gaussians(seed, STREAM_TRAIN, (long) trainSize * dim, 1.0);
    this.validationInputs = gaussians(seed, STREAM_VALIDATION, (long) validationSize * dim, 1.0);
    double weightSd = Math.sqrt(1.0 / (2.0 * dim));
    this.teacher = gaussians(seed, STREAM_TEACHER, (long) dim * outputs, weightSd);
    this.student0 = gaussians(seed, STREAM_STUDENT, (long) dim * outputs, weightSd);
  }

  /**
   * Draws a data set. {@code dim} = d_in, {@code trainSize} = N_tr (so λ = dim/trainSize),
   * {@code validationSize} fresh samples for validation accuracy (may be 0), {@code outputs} = d_out.
   */
  public static GaussianTeacherStudent generate(long seed, int dim, int trainSize, int validationSize, int outputs) {
    if (dim < 1 || trainSize < 1 || validationSize < 0 || outputs < 1) {
      throw new IllegalArgumentException("teacher-student sizes must be positive: d=" + dim + " N_tr=" + trainSize
          + " N_val=" + validationSize + " d_out=" + outputs);
    }
    if ((long) trainSize * dim > Integer.MAX_VALUE - 16 || (long) validationSize * dim > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("teacher-student data too large for one array: d=" + dim + " N_tr=" + trainSize
          + " N_val=" + validationSize);
    }
    return new GaussianTeacherStudent(seed, dim, trainSize, validationSize, outputs);
  }

  /** λ = d_in / N_tr of this data set. */
  public double lambda() {
    return (double) dim / trainSize;
  }

  private static double[] gaussians(long seed, long stream, long count, double sd) {
    UniformRandomProvider rng = stream(seed, stream);
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] out = new double[(int) count];
    for (int i = 0; i < out.length; i++) {
      out[i] = sd * g.sample();
    }
    return out;
  }

  /** A named, reproducible generator for one stream: xoshiro256++ seeded by SplitMix64(seed, stream). */
  static UniformRandomProvider stream(long seed, long stream) {
    SplitMix64 mix = new SplitMix64(seed ^ (0x9E3779B97F4A7C15L * (stream + 1)));
    long[] state = {mix.nextLong(), mix.nextLong(), mix.nextLong(), mix.nextLong()};
    return RandomSource.XO_SHI_RO_256_PP.create(state);
  }
}
