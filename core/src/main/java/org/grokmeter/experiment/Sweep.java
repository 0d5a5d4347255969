package org.grokmeter.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.grokmeter.Limits;
import org.grokmeter.Provenance;
import org.grokmeter.UserInputException;

/**
 * Runs a sweep (or one shard of it) into a {@link ResultStore}: expands the grid, skips the runs
 * the folder already holds, runs the rest on a pool of {@code threads} platform threads (one run per
 * thread at a time — parallelism across runs, never inside one), commits each run as it finishes,
 * and finally puts {@code runs.csv} in canonical order.
 *
 * <p>Determinism: a run's inputs are its parameters and its seed (both fixed by the grid, see
 * {@link Run}), so its row and curves are the same whatever the thread count or the completion
 * order; the final {@code runs.csv} is in grid order. Only the {@code seconds} column varies.
 */
public final class Sweep {

  private static final Pattern SAFE_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,99}");
  private static final int MAX_STATUS = 300;
  /**
   * Threads beyond the cores gain nothing (runs are CPU-bound); the bound keeps a typo from asking
   * the system for millions of threads, which fails with an error instead of a message.
   */
  public static final int MAX_THREADS = 4096;

  private Sweep() {}

  /** Receives progress; called from worker threads, one call at a time. */
  public interface Progress {
    /** Before the first run: the shard's size and how many runs the folder already held. */
    default void started(int total, int alreadyDone) {}

    /** After each committed run; {@code done} counts the already-finished ones too. */
    default void finished(RunResult result, int done, int total) {}

    /** A run threw; it is recorded with status {@code error:<message>}. */
    default void failed(Run run, Throwable error) {}
  }

  /** One committed run, for progress reports. */
  public record RunResult(Run run, String label, String status, double seconds) {}

  /**
   * What a sweep call did.
   *
   * @param total runs in this shard
   * @param skipped runs already finished in the folder
   * @param ran runs executed now
   * @param statusCounts status → number of rows, over the whole shard, sorted by status
   * @param complete every run of the shard has its row (runs.csv is then in canonical order)
   */
  public record Summary(int total, int skipped, int ran, Map<String, Integer> statusCounts,
      double wallSeconds, boolean complete, List<String> notes) {}

  /** Default thread count: every core the JVM may use. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Runs {@code spec}'s shard into {@code out}. Provenance ({@link Provenance#describe}) plus
   * {@code extraProvenance} is appended to the folder's {@code provenance.txt}.
   */
  public static Summary run(Experiment experiment, SweepSpec spec, Shard shard, Path out, int threads,
      Progress progress, Map<String, String> extraProvenance) throws IOException, InterruptedException {
    if (!experiment.name().equals(spec.experiment())) {
      throw new IllegalArgumentException("spec is for " + spec.experiment() + ", not " + experiment.name());
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new UserInputException("threads must be from 1 to " + MAX_THREADS + ", got " + threads);
    }
    long t0 = System.nanoTime();
    List<Run> grid = check(experiment, spec);
    List<Run> mine = shard.select(grid);
    Map<String, String> labels = labels(experiment, grid);
    Map<String, String> provenance = new LinkedHashMap<>(Provenance.describe(threads));
    provenance.putAll(extraProvenance);
    try (ResultStore store = ResultStore.open(out, spec, shard, experiment.resultColumns(), mine, provenance)) {
      List<Run> pending = new ArrayList<>();
      for (Run r : mine) {
        if (!store.isFinished(r.key())) {
          pending.add(r);
        }
      }
      int already = mine.size() - pending.size();
      List<String> notes = new ArrayList<>(store.notes());
      int parallel = parallelRuns(experiment, pending, threads, notes);
      progress.started(mine.size(), already);
      AtomicInteger done = new AtomicInteger(already);
      AtomicReference<Throwable> fatal = new AtomicReference<>();
      Object progressLock = new Object();
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, pending.size())),
          daemonThreads());
      try {
        List<Future<?>> futures = new ArrayList<>(pending.size());
        for (Run r : pending) {
          futures.add(pool.submit(() -> {
            if (fatal.get() != null) {
              return;
            }
            long s0 = System.nanoTime();
            RunOutcome outcome;
            try {
              outcome = execute(experiment, r);
            } catch (Throwable e) {
              if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                fatal.compareAndSet(null, e);
                return;
              }
              synchronized (progressLock) {
                progress.failed(r, e);
              }
              outcome = RunOutcome.builder().status(errorStatus(e)).build();
            }
            double seconds = (System.nanoTime() - s0) * 1e-9;
            try {
              if (store.record(r, labels.get(r.key()), outcome, seconds)) {
                synchronized (progressLock) {
                  progress.finished(new RunResult(r, labels.get(r.key()), outcome.status(), seconds),
                      done.incrementAndGet(), mine.size());
                }
              }
            } catch (IOException | RuntimeException e) {
              fatal.compareAndSet(null, e);
            }
          }));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (ExecutionException e) {
            fatal.compareAndSet(null, e.getCause());
          }
        }
      } finally {
        pool.shutdownNow();
      }
      Throwable failure = fatal.get();
      if (failure != null) {
        switch (failure) {
          case IOException io -> throw io;
          case UncheckedIOException uio -> throw uio.getCause();
          case RuntimeException re -> throw re;
          case Error err -> throw err;
          default -> throw new IllegalStateException(failure);
        }
      }
      boolean complete = store.finish();
      Map<String, Integer> counts = new TreeMap<>();
      store.statuses().values().forEach(s -> counts.merge(s, 1, Integer::sum));
      return new Summary(mine.size(), already, pending.size(), counts, (System.nanoTime() - t0) * 1e-9,
          complete, notes);
    }
  }

  /**
   * Expands the grid and runs the experiment's {@link Experiment#check} on every run, so that bad
   * combinations stop a sweep before anything is written. Returns the grid.
   */
  public static List<Run> check(Experiment experiment, SweepSpec spec) {
    List<Run> grid = spec.expand();
    for (Run r : grid) {
      experiment.check(r.params());
    }
    return grid;
  }

  /**
   * How many runs go at once: {@code threads}, or fewer when that many of the largest pending run
   * ({@link Experiment#heapBytes}) would not fit together in the heap this JVM may use (with a
   * note; the results do not depend on it). A run that alone does not fit is the experiment's
   * {@link Experiment#check} to refuse.
   */
  static int parallelRuns(Experiment experiment, List<Run> pending, int threads, List<String> notes) {
    long largest = 0;
    for (Run r : pending) {
      largest = Math.max(largest, experiment.heapBytes(r.params()));
    }
    if (largest <= 0 || threads <= 1) {
      return threads;
    }
    // three quarters of the heap: the grid's bookkeeping, the writer's buffers and the collector need the rest
    long fit = Math.max(1, (long) (0.75 * Limits.heapBytes() / largest));
    if (fit >= threads) {
      return threads;
    }
    notes.add("running " + fit + " run" + (fit == 1 ? "" : "s") + " at once instead of " + threads + ": each needs"
        + " about " + Limits.size(largest) + " of the " + Limits.size(Limits.heapBytes()) + " heap (-Xmx)");
    return (int) fit;
  }

  /** Runs one grid point, checking the outcome against the declared result columns. */
  static RunOutcome execute(Experiment experiment, Run run) throws Exception {
    RunOutcome outcome = experiment.run(run.params(), run.seed());
    if (outcome == null) {
      throw new IllegalStateException("experiment returned no outcome");
    }
    Set<String> declared = new HashSet<>(experiment.resultColumns());
    for (String c : outcome.values().keySet()) {
      if (!declared.contains(c)) {
        throw new IllegalStateException("undeclared result column '" + c + "'");
      }
    }
    return outcome;
  }

  /**
   * Curves file names for the whole grid (computed on the full grid so every shard agrees): the
   * experiment's {@link Experiment#runLabel}, or the key when it gives none or an unsafe one; if
   * two runs would share a label, every label gets {@code _<key>} appended.
   */
  public static Map<String, String> labels(Experiment experiment, List<Run> grid) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    for (Run r : grid) {
      String label = experiment.runLabel(r.params());
      if (label == null || !SAFE_LABEL.matcher(label).matches()) {
        label = r.key();
      }
      labels.put(r.key(), label);
      uses.merge(label, 1, Integer::sum);
    }
    boolean collision = uses.values().stream().anyMatch(n -> n > 1);
    if (collision) {
      labels.replaceAll((key, label) -> label.equals(key) ? key : label + "_" + key);
    }
    return labels;
  }

  /** {@code error:<Type>: <message>}, one line, bounded length. */
  static String errorStatus(Throwable e) {
    String msg = e.getMessage();
    String text = e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    String s = "error:" + oneLine(text);
    return s.length() > MAX_STATUS ? s.substring(0, MAX_STATUS) + "…" : s;
  }

  /** Any text reduced to one line (CR/LF and other control characters become spaces). */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString().strip();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "grokmeter-run-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
