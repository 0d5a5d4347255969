package org.grokmeter.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.grokmeter.kernels.Kernels;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpTrainer;

/**
 * How long a fresh JVM takes to train at full speed: one run of the paper's MLP as {@code grokmeter mlp}
 * starts it, each epoch timed from the JVM's start. Start a new JVM per measurement, with the options
 * under test (the launcher's, plus any JIT option):
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 \
 *     -cp bench/target/benchmarks.jar org.grokmeter.bench.MlpWarmUp [n] [epochs]</pre>
 *
 * <p>Prints one CSV line {@code kernels,n,epochs,start_s,steady_ms,steady_from_epoch,steady_at_s,train_s,warm_up_cost_ms}:
 * the JVM's uptime when training starts; the steady epoch (median of the last fifth of the epochs);
 * the first epoch from which 25 epochs in a row run at that speed (their median under 1.25× it)
 * and the uptime at its start; the
 * whole training's wall time; and how much longer it took than as many steady epochs. A
 * run whose kernels stay boxed shows a steady epoch ~10× the usual ~1.2 ms at n = 45. With
 * {@code -Dwarmup.epochs=true} the first 40 epochs are printed one by one before it.
 */
public final class MlpWarmUp {

  private MlpWarmUp() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 45;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    double startS = (System.currentTimeMillis() - jvmStart) / 1e3;
    long[] end = new long[epochs];
    long t0 = System.nanoTime();
    MlpTrainer.run(MlpConfig.paper(n).withEpochs(epochs), 0, e -> end[e] = System.nanoTime());
    double[] ms = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      ms[e] = ((e == 0 ? end[0] - t0 : end[e] - end[e - 1])) / 1e6;
    }
    if (Boolean.getBoolean("warmup.epochs")) { // the first epochs one by one, to see where the time goes
      for (int e = 0; e < Math.min(epochs, 40); e++) {
        System.out.println(String.format(Locale.ROOT, "epoch %d %.2f ms, ends at %.3f s", e, ms[e],
            startS + (end[e] - t0) / 1e9));
      }
    }
    double steady = median(Arrays.copyOfRange(ms, epochs - epochs / 5, epochs));
    // the first epoch from which a window of 25 epochs runs at steady speed (median under 1.25x):
    // robust to a single epoch disturbed by another process
    int window = Math.min(25, epochs);
    int from = 0;
    while (from + window < epochs && median(Arrays.copyOfRange(ms, from, from + window)) >= 1.25 * steady) {
      from++;
    }
    double extra = (end[epochs - 1] - t0) / 1e6 - epochs * steady;
    double steadyAt = startS + (from == 0 ? 0 : (end[from - 1] - t0) / 1e9);
    System.out.println(String.format(Locale.ROOT, "%s,%d,%d,%.3f,%.3f,%d,%.3f,%.3f,%.0f", Kernels.IMPL.name(), n,
        epochs, startS, steady, from, steadyAt, (end[epochs - 1] - t0) / 1e9, extra));
  }

  private static double median(double[] x) {
    Arrays.sort(x);
    return x[x.length / 2];
  }
}
