package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every Panama kernel uses, as {@code static final} constants in one place.
 *
 * <p>They must stay compile-time constants for C2: a species held in a field, passed as a parameter
 * or returned from a method defeats intrinsification, and a GEMM then runs at scalar speed or
 * worse (measured: ~2 GFLOP/s). Kernels read these fields directly, never through a variable.
 *
 * <p>The half-width species serves the tails of the double kernels: after the whole-vector tail one
 * half-width step covers half of what remains. On JDK 25 that is the fastest tail (masked loops are
 * not). The float (MLP) kernels use none: a half-width float species next to the full one can leave
 * their vectors boxed (docs/kernels.md).
 */
final class Species {

  /** The widest float species the CPU runs natively (16 lanes with AVX-512). */
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  /** Half of {@link #D} (4 lanes with AVX-512), or {@link #D} itself when nothing narrower exists. */
  static final VectorSpecies<Double> DH = half(D);

  private Species() {}

  private static <E> VectorSpecies<E> half(VectorSpecies<E> full) {
    int bits = full.vectorBitSize() / 2;
    if (bits < 64) {
      return full;
    }
    return VectorSpecies.of(full.elementType(), VectorShape.forBitSize(bits));
  }
}
