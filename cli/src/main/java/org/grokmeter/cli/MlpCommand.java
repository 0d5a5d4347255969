package org.grokmeter.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.grokmeter.cli.mlp.MlpPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grokmeter mlp}: the paper's MLP sweep (Figures 2, 4, 5). Defaults reproduce the paper. */
@Command(name = "mlp", mixinStandardHelpOptions = true,
    header = "Train the concealed-parity MLP sweep, fit its curves, write runs, trends and figures.",
    description = {"Train the concealed-parity MLP over input sizes and seeds, fit the accuracy curves",
        "(erf, a = 1/4, b = 3/4) and write runs.csv, curves/, trend.csv and the figures.",
        "Defaults reproduce the paper's sweep (n = 25..45, seeds 0,1,2: 63 runs)."})
final class MlpCommand implements Callable<Integer> {

  @Option(names = "--input-sizes", defaultValue = "25:45", paramLabel = "LIST",
      description = "Input sizes n: A:B (inclusive), a single value or a comma list (default ${DEFAULT-VALUE}).")
  String inputSizes;

  @Option(names = "--seeds", defaultValue = "0,1,2", paramLabel = "LIST",
      description = "Seeds, same syntax (default ${DEFAULT-VALUE}).")
  String seeds;

  @Option(names = "--epochs", defaultValue = "3000", description = "Epochs per run (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--hidden", defaultValue = "1000", description = "Hidden width (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--lr", defaultValue = "0.01", description = "SGD learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--weight-decay", defaultValue = "0.01",
      description = "Weight decay added to the gradient (default ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", description = "Runs in parallel (default: all cores); each run is single-threaded.")
  Integer threads;

  @Option(names = "--no-figures", description = "Skip the figures.")
  boolean noFigures;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    int[] sizes = parseInts("--input-sizes", inputSizes);
    long[] seedList = parseLongs("--seeds", seeds);
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new UserInputException("--threads must be at least 1, got " + t);
    }
    if (epochs < 4) {
      throw new UserInputException("--epochs must be at least 4 to fit a curve, got " + epochs);
    }
    MlpPipeline.Options options = new MlpPipeline.Options(sizes, seedList, epochs, hidden, lr, weightDecay, batch, t,
        !noFigures);
    MlpPipeline.run(options, out);
    return Main.EXIT_OK;
  }

  /** "A:B" (inclusive), "A" or "A,B,C". */
  static int[] parseInts(String option, String text) {
    long[] v = parseLongs(option, text);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
        throw new UserInputException(option + ": " + v[i] + " is out of range");
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  static long[] parseLongs(String option, String text) {
    String s = text.strip();
    List<Long> values = new ArrayList<>();
    try {
      if (s.contains(":")) {
        String[] parts = s.split(":", -1);
        if (parts.length != 2) {
          throw new UserInputException(option + ": '" + text + "' must be A:B, a value or a comma list");
        }
        long a = Long.parseLong(parts[0].strip());
        long b = Long.parseLong(parts[1].strip());
        if (b < a) {
          throw new UserInputException(option + ": empty range '" + text + "' (B < A)");
        }
        if (b - a > 1_000_000) {
          throw new UserInputException(option + ": range '" + text + "' is too large");
        }
        for (long x = a; x <= b; x++) {
          values.add(x);
        }
      } else {
        for (String p : s.split(",", -1)) {
          values.add(Long.parseLong(p.strip()));
        }
      }
    } catch (NumberFormatException e) {
      throw new UserInputException(option + ": '" + text + "' is not A:B, a value or a comma list of integers");
    }
    if (values.stream().distinct().count() != values.size()) {
      throw new UserInputException(option + ": '" + text + "' lists a value twice");
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
