package org.grokmeter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.grokmeter.data.ConcealedParity;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpParams;
import org.grokmeter.nn.MlpTrainer;

/**
 * The MLP epoch and its kernels timed by this thread's CPU time (a companion to JMH
 * {@code MlpBench} on a shared machine, where the wall clock also counts waiting for a core).
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 \
 *     -cp bench/target/benchmarks.jar org.grokmeter.bench.MlpCpuTime [n…]</pre>
 *
 * <p>Per input size (default 25 and 45), with the Panama kernels and the paper's configuration:
 * <ul>
 *   <li>{@code epoch}: one epoch as the sweep runs it (shuffle, 24 steps, validation pass), after a
 *       warm-up of 3 s of CPU; 9 rounds of 100 epochs, the median and the minimum per epoch, and
 *       the bytes this thread allocated per epoch (must be 0: the epoch allocates nothing);</li>
 *   <li>per kernel: the same epochs on a second trainer whose kernels are wrapped in a proxy that
 *       times every call of the MLP kernels with the thread CPU clock; microseconds per call,
 *       the median over 9 rounds of 100 epochs. The proxy adds its own cost (reflection, boxing,
 *       two clock reads: measured ~0.3 µs per call), so these are for comparing kernels, and the
 *       epoch line is the number to quote.</li>
 * </ul>
 * Prints one CSV line per (n, what): {@code n,what,calls_per_epoch,median_us,min_us} (for
 * {@code allocated_bytes_per_epoch} the last two are bytes).
 */
public final class MlpCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile double sink;

  private MlpCpuTime() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {25, 45} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    KernelSupport panama = KernelProvider.panama().orElseThrow(() -> new IllegalStateException("no Panama kernels"));
    System.out.println("n,what,calls_per_epoch,median_us,min_us");
    for (int n : sizes) {
      MlpTrainer plain = trainer(n, panama);
      Map<String, long[]> perKernel = new TreeMap<>();
      KernelSupport timed = timing(panama, perKernel);
      MlpTrainer wrapped = trainer(n, timed);
      warm(plain, 3_000_000_000L);
      warm(wrapped, 1_000_000_000L);
      int rounds = 9;
      int epochs = 100;
      double[] epoch = new double[rounds];
      double[] allocated = new double[rounds];
      Map<String, double[]> kernelRounds = new TreeMap<>();
      Map<String, Long> calls = new TreeMap<>();
      for (int round = 0; round < rounds; round++) {
        long a0 = allocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int e = 0; e < epochs; e++) {
          plain.trainEpoch();
          plain.evaluate();
        }
        epoch[round] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / epochs;
        allocated[round] = (allocatedBytes() - a0) / (double) epochs;
        sink += plain.lastValLoss();
        perKernel.clear();
        for (int e = 0; e < epochs; e++) {
          wrapped.trainEpoch();
          wrapped.evaluate();
        }
        for (Map.Entry<String, long[]> k : perKernel.entrySet()) {
          kernelRounds.computeIfAbsent(k.getKey(), x -> new double[rounds])[round] =
              k.getValue()[1] / 1e3 / k.getValue()[0];
          calls.put(k.getKey(), k.getValue()[0] / epochs);
        }
      }
      print(n, "epoch", 1, epoch);
      print(n, "allocated_bytes_per_epoch", 1, allocated);
      for (Map.Entry<String, double[]> k : kernelRounds.entrySet()) {
        print(n, k.getKey(), calls.get(k.getKey()), k.getValue());
      }
    }
  }

  private static void print(int n, String what, long callsPerEpoch, double[] us) {
    double[] s = us.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%d,%s,%d,%.2f,%.2f%n", n, what, callsPerEpoch, s[s.length / 2], s[0]);
  }

  /** This thread's allocated bytes (HotSpot's ThreadMXBean extension). */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) THREADS).getCurrentThreadAllocatedBytes();
  }

  private static MlpTrainer trainer(int n, KernelSupport kernels) {
    MlpConfig config = MlpConfig.paper(n);
    ConcealedParity.Streams streams = ConcealedParity.Streams.of(0);
    ConcealedParity data = ConcealedParity.paper(n, streams.data());
    MlpParams params = MlpParams.init(config, streams.init());
    return new MlpTrainer(data, config, params, streams.shuffle(), kernels);
  }

  private static void warm(MlpTrainer t, long cpuNanos) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    while (THREADS.getCurrentThreadCpuTime() - t0 < cpuNanos) {
      for (int e = 0; e < 20; e++) {
        t.trainEpoch();
        t.evaluate();
      }
    }
    sink += t.lastValLoss();
  }

  /** Kernels whose calls are counted and timed per method name: {calls, cpu nanoseconds}. */
  private static KernelSupport timing(KernelSupport target, Map<String, long[]> perKernel) {
    return (KernelSupport) Proxy.newProxyInstance(KernelSupport.class.getClassLoader(),
        new Class<?>[] {KernelSupport.class}, (proxy, method, a) -> {
          long t0 = THREADS.getCurrentThreadCpuTime();
          Object r;
          try {
            r = method.invoke(target, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          long dt = THREADS.getCurrentThreadCpuTime() - t0;
          long[] acc = perKernel.computeIfAbsent(method.getName(), x -> new long[2]);
          acc[0]++;
          acc[1] += dt;
          return r;
        });
  }
}
