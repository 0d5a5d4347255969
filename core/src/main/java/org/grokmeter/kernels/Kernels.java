package org.grokmeter.kernels;

/**
 * The facade the rest of grokmeter calls: {@code Kernels.IMPL.gemm(...)}.
 *
 * <p>A static final constant, so C2 sees the exact implementation class and inlines straight
 * through the interface; there is no per-call dispatch cost. See {@link KernelSupport} for the
 * conventions (row-major, offsets, leading dimensions, BLAS-style alpha/beta).
 */
public final class Kernels {

  /** The implementation chosen once for this process by {@link KernelProvider}. */
  public static final KernelSupport IMPL = KernelProvider.get();

  private Kernels() {}

  /** "scalar" or "panama": what every result's provenance records. */
  public static String mode() {
    return IMPL.name();
  }

  /** Vector width in bits as used by the float kernels (32 for scalar). */
  public static int vectorBits() {
    return IMPL.floatLanes() * Float.SIZE;
  }
}
