package org.grokmeter.bench.ruler;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The calibration ruler: fixed work that does not touch grokmeter's code, so its speed changes only
 * when the machine (load, clock, neighbours, JDK) changes. {@code bench/compare} uses the ruler to
 * report machine drift between two result files and, with {@code --normalize}, to divide it out.
 *
 * <p>Three kinds of work, because a busy neighbour slows them differently: a latency-bound integer
 * chain (the scalar ALU), an FMA chain (the floating-point pipes) and a streaming array sum larger
 * than the caches (memory bandwidth). All data comes from fixed seeds.
 *
 * <p>NEVER change the work done here: a ruler that changes between commits measures nothing. Add a
 * new method with a new name instead and let the old one retire.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Defaults for a bare `java -jar benchmarks.jar`; bench/run's presets override them.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RulerBench {

  /** Steps of the integer hash chain per call: about 1 ms on a ~3 GHz core. */
  static final int HASH_STEPS = 1 << 20;
  /** Steps of each FMA chain per call (four independent chains). */
  static final int FMA_STEPS = 1 << 18;
  /** 64 MiB of longs: larger than this machine's L2 and, per core, its L3 share. */
  static final int ARRAY_LONGS = 1 << 23;

  /** Kept in a field so the JIT cannot constant-fold the loop trip counts. */
  int hashSteps;
  int fmaSteps;
  long hashSeed;
  double fmaSeed;
  long[] array;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(20241126L);
    hashSteps = HASH_STEPS;
    fmaSteps = FMA_STEPS;
    hashSeed = random.nextLong();
    fmaSeed = 0.5 + random.nextDouble();
    array = new long[ARRAY_LONGS];
    for (int i = 0; i < array.length; i++) {
      array[i] = random.nextLong();
    }
  }

  /** A serial chain of SplitMix64 finalisers: each step needs the previous, so nothing vectorises. */
  @Benchmark
  public long intHash() {
    long h = hashSeed;
    for (int i = 0; i < hashSteps; i++) {
      h += 0x9E3779B97F4A7C15L;
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  /**
   * Four independent chains of fused multiply-adds; the multiplier is below one and the addend
   * keeps each chain at a fixed point, so values stay finite and normal for any step count.
   */
  @Benchmark
  public double fmaChain() {
    double a = fmaSeed;
    double b = fmaSeed + 0.25;
    double c = fmaSeed + 0.5;
    double d = fmaSeed + 0.75;
    final double m = 0.999_999;
    final double k = 1e-6;
    for (int i = 0; i < fmaSteps; i++) {
      a = Math.fma(a, m, k);
      b = Math.fma(b, m, k);
      c = Math.fma(c, m, k);
      d = Math.fma(d, m, k);
    }
    return a + b + c + d;
  }

  /** One streaming pass over 64 MiB: bound by memory bandwidth, which neighbours share. */
  @Benchmark
  public long arraySum() {
    long[] x = array;
    long s0 = 0;
    long s1 = 0;
    for (int i = 0; i < x.length; i += 2) {
      s0 += x[i];
      s1 += x[i + 1];
    }
    return s0 + s1;
  }
}
