package org.grokmeter;

import java.util.Locale;

/**
 * Sizes checked before anything is allocated: a parameter whose product of sizes would overflow an
 * array index or not fit in the heap this JVM may use ({@code -Xmx}, {@link Runtime#maxMemory})
 * is refused as bad input, with one line naming the key and the limit, instead of failing later
 * with an {@link OutOfMemoryError} or a wrapped {@code int}.
 *
 * <p>Products are computed in {@code double}: exact enough for a limit, and they cannot wrap.
 */
public final class Limits {

  /** The longest array HotSpot allocates (a few header words below {@link Integer#MAX_VALUE}). */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private Limits() {}

  /** The heap this JVM may grow to, in bytes. */
  public static long heapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * Refuses one array of {@code elements} elements that Java cannot index.
   *
   * @param key the parameter to name, as the user wrote it ({@code hidden})
   * @param what what the array holds, for the message ({@code "hidden x (input_size + 1) weights"})
   */
  public static void checkArray(String key, String what, double elements) {
    if (!(elements <= MAX_ARRAY)) {
      throw new UserInputException(key + ": " + what + " = " + count(elements) + " elements, more than one Java"
          + " array holds (" + MAX_ARRAY + ")");
    }
  }

  /**
   * Refuses an allocation of about {@code bytes} that does not fit in the heap.
   *
   * @param key the parameter to name
   * @param what what the memory is for, for the message
   */
  public static void checkHeap(String key, String what, double bytes) {
    long heap = heapBytes();
    if (!(bytes <= heap)) {
      throw new UserInputException(key + ": " + what + " need about " + size(bytes) + ", more than the "
          + size(heap) + " heap this JVM may use (raise it with -Xmx, e.g. GROKMETER_JAVA_OPTS=-Xmx16g)");
    }
  }

  /** {@code 1.5 GiB}, {@code 640 KiB}. */
  public static String size(double bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    double v = bytes;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String count(double n) {
    return n < 1e15 ? String.format(Locale.ROOT, "%.0f", n) : String.format(Locale.ROOT, "%.3g", n);
  }
}
