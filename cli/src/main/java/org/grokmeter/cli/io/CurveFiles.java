package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipException;

/**
 * Reads training logs, whatever wrote them, in one pass and bounded memory (see docs/logs.md):
 * <ul>
 *   <li>CSV with a header row: hand-written logs, Keras {@code CSVLogger}, W&amp;B {@code run.history()}
 *       exports (time {@code _step}, sparse cells), Lightning {@code CSVLogger} {@code metrics.csv} (train
 *       and val on separate rows that share a time value, merged here) — {@link CsvLogs};</li>
 *   <li>single-series CSV exports: TensorBoard ({@code Wall time,Step,Value}) and W&amp;B charts
 *       ({@code Step,"<run> - <metric>"}, {@code __MIN}/{@code __MAX} columns, several runs);</li>
 *   <li>JSON lines ({@code .jsonl}, {@code .ndjson}: one object per evaluation) — {@link JsonLinesLogs};</li>
 *   <li>TensorBoard event files ({@code events.out.tfevents.*}) or a run folder holding them —
 *       {@link TensorBoardLogs}.</li>
 * </ul>
 * Any of them may be gzip-compressed, and may be standard input ({@code -} or {@code /dev/stdin}).
 * An empty cell (or a missing key or tag) drops that point from that series only.
 *
 * <p>Everything wrong with an input is a {@link UserInputException} with one line naming the file (as
 * the user wrote it) and the line, column or byte offset.
 */
public final class CurveFiles {

  /** A fit needs at least this many points. */
  public static final int MIN_POINTS = 4;

  /**
   * Time columns tried, in order, when none is named. {@code _step} comes first because a W&amp;B history
   * export fills it on every row, while its {@code epoch} column, if any, is as sparse as any metric.
   */
  public static final List<String> DEFAULT_TIME =
      List.of("_step", "epoch", "step", "global_step", "iteration", "iter");

  /** Training accuracy columns tried, in order (plain, W&amp;B and TensorBoard, Keras, Lightning names). */
  public static final List<String> DEFAULT_TRAIN = List.of("train_acc", "train/acc", "train_accuracy",
      "train/accuracy", "train_acc_epoch", "accuracy", "acc");

  /** Validation accuracy columns tried, in order. */
  public static final List<String> DEFAULT_VAL = List.of("val_acc", "val/acc", "val_accuracy", "val/accuracy",
      "valid_acc", "validation_acc", "val_acc_epoch");

  private CurveFiles() {}

  /**
   * One accuracy series.
   *
   * @param run the run's name in a multi-run export, else null
   * @param column the column, key or tag it came from
   */
  public record Curve(String run, String column, double[] time, double[] values) {}

  /**
   * A column asked for: {@code names} are tried in order.
   *
   * @param explicit the user named it, so its absence is an error (else the role is simply absent)
   */
  public record Want(String role, List<String> names, boolean explicit) {
    public static Want named(String role, String name) {
      return new Want(role, List.of(name), true);
    }

    public static Want orDefault(String role, String name, List<String> defaults) {
      return name != null ? named(role, name) : new Want(role, defaults, false);
    }
  }

  /**
   * What one input holds for the wanted columns.
   *
   * @param curves role → series; a role whose column is absent is missing
   */
  public record Columns(String file, String timeColumn, Map<String, Curve> curves) {
    public Curve curve(String role) {
      return curves.get(role);
    }
  }

  /** What to do with a value. */
  public enum Check {
    /** Any finite number. */
    FINITE,
    /** An accuracy: finite and within [0, 1]. */
    ACCURACY,
    /** An accuracy logged in percent: within [0, 100], divided by 100. */
    PERCENT
  }

  /** How inputs are read. */
  public record Options(String timeColumn, Check check, long maxBytes) {
    public static Options of(String timeColumn, Check check) {
      return new Options(timeColumn, check, LogSource.DEFAULT_MAX_BYTES);
    }
  }

  /**
   * Reads the wanted columns of a log (CSV, JSON lines or TensorBoard, detected from its name and first
   * bytes). At least one wanted column must be present; an explicit one must be.
   *
   * @param display the file name as the user wrote it ({@code -} for standard input), for messages
   */
  public static Columns read(Path path, String display, List<Want> wants, Options options) {
    if (!display.equals(LogSource.STDIN) && Files.isDirectory(path)) {
      return TensorBoardLogs.readFolder(path, display, wants, options);
    }
    try (LogSource src = LogSource.open(path, display, options.maxBytes())) {
      return switch (sniff(src)) {
        case TFRECORD -> TensorBoardLogs.read(List.of(src), display, wants, options);
        case JSON_LINES -> JsonLinesLogs.read(src, wants, options);
        case CSV -> CsvLogs.read(src, wants, options);
      };
    }
  }

  /**
   * Reads a single-series export, or a W&amp;B chart export with one series per run: the series named
   * {@code column}, or when null the only value column (TensorBoard's {@code Value}; W&amp;B's
   * {@code "<run> - <metric>"} columns without {@code __MIN}/{@code __MAX}).
   */
  public static List<Curve> readSeries(Path path, String display, String column, Options options) {
    if (!display.equals(LogSource.STDIN) && Files.isDirectory(path)) {
      return List.of(single(TensorBoardLogs.readFolder(path, display, List.of(seriesWant(column)), options)));
    }
    try (LogSource src = LogSource.open(path, display, options.maxBytes())) {
      return switch (sniff(src)) {
        case TFRECORD -> List.of(single(TensorBoardLogs.read(List.of(src), display, List.of(seriesWant(column)),
            options)));
        case JSON_LINES -> List.of(single(JsonLinesLogs.read(src, List.of(seriesWant(column)), options)));
        case CSV -> CsvLogs.readSeries(src, column, options);
      };
    }
  }

  /** In series mode a null name means "the only value column there is". */
  private static Want seriesWant(String column) {
    return column != null ? Want.named("value", column) : new Want("value", List.of(), false);
  }

  private static Curve single(Columns c) {
    return c.curve("value");
  }

  /**
   * Pairs the series of a train export with those of a val export: one pair when each holds one series,
   * else by run name (every run must be in both). Either list may be null (single-curve fits).
   */
  public static List<Curve[]> pairRuns(String trainFile, List<Curve> train, String valFile, List<Curve> val) {
    List<Curve[]> out = new ArrayList<>();
    if (train == null || val == null) {
      for (Curve c : train != null ? train : val) {
        out.add(train != null ? new Curve[] {c, null} : new Curve[] {null, c});
      }
      return out;
    }
    if (train.size() == 1 && val.size() == 1) {
      out.add(new Curve[] {train.get(0), val.get(0)});
      return out;
    }
    Map<String, Curve> byRun = new java.util.LinkedHashMap<>();
    for (Curve c : train) {
      byRun.put(String.valueOf(c.run()), c);
    }
    for (Curve v : val) {
      Curve t = byRun.remove(String.valueOf(v.run()));
      if (t == null) {
        throw new UserInputException(trainFile + ": no run '" + v.run() + "', which " + valFile + " has (runs: "
            + list(train.stream().map(c -> String.valueOf(c.run())).toList()) + ")");
      }
      out.add(new Curve[] {t, v});
    }
    if (!byRun.isEmpty()) {
      throw new UserInputException(valFile + ": no run '" + byRun.keySet().iterator().next() + "', which " + trainFile
          + " has (runs: " + list(val.stream().map(c -> String.valueOf(c.run())).toList()) + ")");
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ helpers

  enum Format { CSV, JSON_LINES, TFRECORD }

  /** The format from the first bytes (a TFRecord's first length has a valid masked CRC), then the name. */
  static Format sniff(LogSource src) {
    try {
      var in = src.stream();
      in.mark(16);
      byte[] head = in.readNBytes(12);
      in.reset();
      if (head.length == 12 && TfRecords.isRecordStart(head)) {
        return Format.TFRECORD;
      }
      String name = src.display().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
      if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
        return Format.JSON_LINES;
      }
      if (name.contains("tfevents")) {
        return Format.TFRECORD;
      }
      int i = 0;
      if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
        i = 3;
      }
      while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
        i++;
      }
      return i < head.length && head[i] == '{' ? Format.JSON_LINES : Format.CSV;
    } catch (IOException e) {
      throw readFailure(src.display(), "byte 0", e);
    }
  }

  /** Checks an accuracy (or any finite value) and returns it on the [0, 1] scale. */
  static double checkValue(double v, String text, Supplier<String> at, Check check) {
    switch (check) {
      case ACCURACY -> {
        if (v < 0.0 || v > 1.0) {
          String hint = v > 1.0 && v <= 100.0 ? "; if the log holds percentages, add --percent" : "";
          throw new UserInputException(at.get() + ": accuracy " + text + " is outside [0, 1]" + hint);
        }
        return v;
      }
      case PERCENT -> {
        if (v < 0.0 || v > 100.0) {
          throw new UserInputException(at.get() + ": accuracy " + text + " is outside [0, 100] (--percent)");
        }
        return v / 100.0;
      }
      default -> {
        return v;
      }
    }
  }

  /** An I/O failure while reading, as one line naming the file and place. */
  static UserInputException readFailure(String display, String where, IOException e) {
    if (e instanceof ZipException || e instanceof EOFException) {
      return new UserInputException(display + ": " + where + ": corrupt or truncated gzip data (" + e.getMessage()
          + ")");
    }
    return new UserInputException(display + ": " + where + ": cannot read: " + e.getMessage());
  }

  /** A value cell as a number, or a message naming where it is. */
  static double parse(String cell, Supplier<String> at) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new UserInputException(at.get() + ": '" + abbreviate(cell) + "' is not a number");
    }
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** Names for a message, at most 20 of them. */
  static String list(List<String> names) {
    List<String> shown = names.size() > 20 ? new ArrayList<>(names.subList(0, 20)) : names;
    return String.join(", ", shown) + (names.size() > 20 ? ", … (" + names.size() + " in all)" : "");
  }

  /** Too few points in a series: the message the old all-or-nothing reader gave, per series. */
  static void checkEnough(String display, String where, String column, int points) {
    if (points < MIN_POINTS) {
      throw new UserInputException(display + ": " + (where == null ? "" : where + ": ") + "only " + points + " data rows with a value in '"
          + column + "'; a fit needs at least " + MIN_POINTS);
    }
  }
}
