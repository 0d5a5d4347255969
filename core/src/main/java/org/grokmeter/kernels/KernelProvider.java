package org.grokmeter.kernels;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel implementation once, at class initialisation: every kernel, the fitter's erf
 * pass ({@link KernelSupport#erfSums}) included, comes from the one implementation chosen here.
 *
 * <p>{@code -Dgrokmeter.kernels=auto|scalar|panama} (default auto). Auto picks Panama when the
 * {@code jdk.incubator.vector} module is present and the VM is HotSpot with C2; otherwise it falls
 * back to the scalar reference and says why in ONE line on stderr. Asking for panama explicitly when
 * it cannot load is an error, not a silent fallback. With {@code -Dgrokmeter.requireSimd=true} (the
 * SIMD test execution sets it) a scalar choice is an error too. The JDK version is never capped.
 */
public final class KernelProvider {

  /**
   * The Panama implementation, loaded reflectively (the only reflective load of kernels): only its
   * package imports jdk.incubator.vector, and only through this class does anything reach it.
   */
  static final String PANAMA_CLASS = "org.grokmeter.kernels.panama.PanamaKernels";

  private static final Choice CHOICE = choose();

  private KernelProvider() {}

  /** The implementation in use for this process. */
  public static KernelSupport get() {
    return CHOICE.impl;
  }

  /** Why this implementation was chosen, one line (for {@code grokmeter info} and provenance). */
  public static String reason() {
    return CHOICE.reason;
  }

  public static KernelSupport scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The Panama implementation if it can be loaded here, regardless of the current choice. */
  public static Optional<KernelSupport> panama() {
    String unavailable = panamaUnavailableReason();
    if (unavailable != null) {
      return Optional.empty();
    }
    try {
      return Optional.of(loadPanama());
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }

  private record Choice(KernelSupport impl, String reason) {}

  private static Choice choose() {
    String requested = System.getProperty("grokmeter.kernels", "auto").trim().toLowerCase(Locale.ROOT);
    boolean requireSimd = Boolean.getBoolean("grokmeter.requireSimd");
    Choice choice = switch (requested) {
      case "scalar" -> new Choice(ScalarKernels.INSTANCE, "scalar requested by -Dgrokmeter.kernels=scalar");
      case "panama" -> {
        String unavailable = panamaUnavailableReason();
        if (unavailable != null) {
          throw new IllegalStateException("-Dgrokmeter.kernels=panama but " + unavailable);
        }
        yield new Choice(loadPanamaOrFail(), "panama requested by -Dgrokmeter.kernels=panama");
      }
      case "auto", "" -> auto();
      default -> throw new IllegalStateException(
          "-Dgrokmeter.kernels must be auto, scalar or panama, not '" + requested + "'");
    };
    if (requireSimd && !(choice.impl.floatLanes() > 1)) {
      throw new IllegalStateException("grokmeter.requireSimd is set but kernels are " + choice.impl.name()
          + " (" + choice.reason + ")");
    }
    return choice;
  }

  private static Choice auto() {
    String unavailable = panamaUnavailableReason();
    if (unavailable == null) {
      try {
        return new Choice(loadPanama(), "auto: Vector API available");
      } catch (ReflectiveOperationException | LinkageError e) {
        unavailable = "the Panama kernels failed to load (" + e + ")";
      }
    }
    String reason = "auto: falling back to scalar kernels because " + unavailable;
    System.err.println("grokmeter: " + reason);
    return new Choice(ScalarKernels.INSTANCE, reason);
  }

  /** Null when Panama can be used, otherwise the reason it cannot. */
  static String panamaUnavailableReason() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "the jdk.incubator.vector module is absent (run java with --add-modules jdk.incubator.vector)";
    }
    String vm = System.getProperty("java.vm.name", "");
    if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
      return "the VM '" + vm + "' is not HotSpot (the Vector API is only intrinsified by C2)";
    }
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.equals("-Xint") || arg.startsWith("-XX:TieredStopAtLevel=")
          && !arg.endsWith("=4")) {
        return "C2 is disabled by " + arg + " (the Vector API would run interpreted)";
      }
    }
    return null;
  }

  private static KernelSupport loadPanamaOrFail() {
    try {
      return loadPanama();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("-Dgrokmeter.kernels=panama but the Panama kernels failed to load: " + e, e);
    }
  }

  private static KernelSupport loadPanama() throws ReflectiveOperationException {
    Class<?> cls = Class.forName(PANAMA_CLASS);
    KernelSupport panama = (KernelSupport) cls.getField("INSTANCE").get(null);
    // initialise the erf pass now, so that it loads or falls back together with the other kernels
    panama.erfSums().name();
    return panama;
  }
}
