package org.grokmeter.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.Provenance;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.Log;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.Kernels;
import org.grokmeter.kernels.ScalarKernels;
import org.grokmeter.kernels.SelfCheck;
import org.grokmeter.kernels.SpeedProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grokmeter info}: what this machine and JDK give grokmeter, and a quick self-check of the
 * SIMD kernels against the scalar reference. With {@code --speed}, a seconds-long self-benchmark
 * whose CSV is the only thing on stdout (the facts and the self-check line go to stderr).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"Print JDK, kernel implementation, vector width, cores and whether the start-up cache is in use, and"
        + " self-check the SIMD kernels.",
        "With --speed: a quick self-benchmark, CSV on stdout (kernel,shape,dtype,impl,us_per_call,gflops)."})
final class InfoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--speed", description = "Run a quick self-benchmark (a few seconds) and print it as CSV.")
  boolean speed;

  @Option(names = "--speed-millis", paramLabel = "MS", defaultValue = "250",
      description = "Time spent per CSV row by --speed (default: ${DEFAULT-VALUE}).")
  long speedMillis;

  /**
   * Whether this JVM started from a class-data archive: the launcher's start-up cache (README,
   * docs/performance.md "Start-up") when it passed one and the JVM mapped it ("sharing" in
   * {@code java.vm.info}, the JVM's own report), else why not.
   */
  static String startUp() {
    String cache = null;
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:AOTCache=")) {
        cache = arg.substring("-XX:AOTCache=".length());
      }
    }
    boolean sharing = System.getProperty("java.vm.info", "").contains("sharing");
    if (cache != null) {
      return sharing ? "from the start-up cache " + cache
          : "the start-up cache " + cache + " does not match this jar or JDK; started without it";
    }
    return sharing ? "from the JDK's class-data archive"
        : "without a class-data archive (./mvnw package makes the start-up cache the launcher uses)";
  }

  @Override
  public Integer call() {
    if (speedMillis <= 0) {
      throw new UserInputException("--speed-millis must be positive, not " + speedMillis);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter facts = speed ? Log.err() : out;
    Map<String, String> f = Provenance.describe(Runtime.getRuntime().availableProcessors());
    facts.println("grokmeter " + f.get("version") + " (commit " + f.get("commit") + ")");
    facts.println("JDK:          " + f.get("jdk") + " (" + f.get("vm").strip() + ")");
    facts.println("kernels:      " + Kernels.IMPL.description() + " [" + f.get("kernels") + "]");
    facts.println("chosen:       " + f.get("kernel_reason"));
    facts.println("vector width: " + f.get("vector_bits") + " bits (" + Kernels.IMPL.floatLanes()
        + " floats, " + Kernels.IMPL.doubleLanes() + " doubles)");
    facts.println("cores:        " + f.get("cores"));
    facts.println("os:           " + f.get("os"));
    facts.println("start-up:     " + startUp());

    boolean simd = Kernels.IMPL != ScalarKernels.INSTANCE;
    if (simd) {
      SelfCheck.Report report = SelfCheck.run(Kernels.IMPL, 20240214L);
      if (!report.ok()) {
        facts.flush();
        out.flush();
        throw new IllegalStateException(report.line() + " (run with -Dgrokmeter.kernels=scalar to avoid it)");
      }
      facts.println(report.line());
    } else {
      facts.println("self-check: skipped (scalar reference in use, nothing to compare)");
    }
    facts.flush();

    if (speed) {
      List<KernelSupport> impls = new ArrayList<>();
      impls.add(ScalarKernels.INSTANCE);
      if (simd) {
        impls.add(Kernels.IMPL);
      }
      Log.info("speed: " + speedMillis + " ms per row after a warm-up until the speed settles; times are"
          + " the median of 5 batches, one thread, on the data of JMH's KernelBench");
      out.println(SpeedProbe.Row.HEADER);
      out.flush();
      SpeedProbe.run(impls, speedMillis, row -> {
        out.println(row.csv());
        out.flush();
      });
    }
    out.flush();
    return ExitCode.OK;
  }
}
