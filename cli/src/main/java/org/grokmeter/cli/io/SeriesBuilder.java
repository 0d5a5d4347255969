package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The points of one series as they stream in, in primitive arrays (a 200 MB log keeps only the
 * columns asked for, 16 bytes a point). Each value is checked as it arrives, so a message can name
 * the line or byte offset it came from.
 */
final class SeriesBuilder {

  /** All series of one input together keep at most this many points (about 256 MB). */
  static final long MAX_POINTS = 16_000_000L;

  final String column;
  private final CurveFiles.Check check;
  private double[] time = new double[64];
  private double[] values = new double[64];
  private long[] where = new long[64];
  private int size;

  SeriesBuilder(String column, CurveFiles.Check check) {
    this.column = column;
    this.check = check;
  }

  int size() {
    return size;
  }

  /** Where the last point came from (line or byte offset, as the reader counts). */
  long lastWhere() {
    return where[size - 1];
  }

  double lastTime() {
    return time[size - 1];
  }

  /**
   * Adds a point, checking the value; {@code at} names the place for messages (for example
   * {@code "file: line 7, column 3 (val_acc)"}, made only when one is needed), {@code position} is the
   * line or byte offset kept for later messages.
   */
  void add(double t, double v, String cellText, Supplier<String> at, long position, Counter total) {
    if (!Double.isFinite(v)) {
      throw new UserInputException(at.get() + ": '" + cellText + "' is not a finite number");
    }
    v = CurveFiles.checkValue(v, cellText, at, check);
    if (size == time.length) {
      int n = size + (size >> 1);
      time = Arrays.copyOf(time, n);
      values = Arrays.copyOf(values, n);
      where = Arrays.copyOf(where, n);
    }
    total.add(at);
    time[size] = t;
    values[size] = v;
    where[size] = position;
    size++;
  }

  /**
   * Sorts the points by time (stable) and keeps the last of points at an equal time: TensorBoard's
   * reading of a run that was restarted and wrote the same steps again.
   */
  void sortKeepingLast() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = time[i] >= time[i - 1];
    }
    if (sorted) {
      // the usual case: in order already, at most a repeated step to drop (no boxing of millions of indices)
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (n > 0 && time[n - 1] == time[i]) {
          n--;
        }
        time[n] = time[i];
        values[n] = values[i];
        where[n] = where[i];
        n++;
      }
      size = n;
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
    double[] t = new double[size];
    double[] v = new double[size];
    long[] w = new long[size];
    int n = 0;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (n > 0 && t[n - 1] == time[i]) {
        n--;
      }
      t[n] = time[i];
      v[n] = values[i];
      w[n] = where[i];
      n++;
    }
    time = t;
    values = v;
    where = w;
    size = n;
  }

  CurveFiles.Curve build(String run) {
    return new CurveFiles.Curve(run, column, Arrays.copyOf(time, size), Arrays.copyOf(values, size));
  }

  /** The points kept by all series of one input, against {@link #MAX_POINTS}. */
  static final class Counter {
    private long n;

    void add(Supplier<String> at) {
      if (++n > MAX_POINTS) {
        throw new UserInputException(at.get() + ": more than " + MAX_POINTS + " points in the columns read; thin the log"
            + " (for example every 10th evaluation)");
      }
    }
  }
}
