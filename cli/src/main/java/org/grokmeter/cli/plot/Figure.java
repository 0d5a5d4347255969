package org.grokmeter.cli.plot;

import java.awt.Color;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A figure of one or more {@link Panel}s in a grid, in the look of matplotlib's defaults (the
 * paper's figures): DejaVu Sans at regular weight, outward ticks, a full frame, the "tab10" colour
 * cycle, legends only where there is more than one series. Saved as PNG, SVG (text as
 * {@code <text>}) and PDF (vector, font embedded), with the data drawn as CSV beside them.
 *
 * <p>Curves are thinned before drawing to what the output can show: per half-point column of the
 * plot, the first, lowest, highest and last point (so peaks survive). The CSV holds exactly the
 * points drawn.
 */
public final class Figure {

  /** matplotlib's "tab10" colour cycle. */
  public static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  static final double TICK_SIZE = 8;
  static final double LABEL_SIZE = 9;
  static final double TITLE_SIZE = 9;
  static final double LEGEND_SIZE = 7.5;
  static final double MAJOR_TICK = 3.5;
  static final double MINOR_TICK = 2;
  static final double FRAME_WIDTH = 0.8;
  static final double LINE_WIDTH = 1.5;
  static final double FIT_WIDTH = 1.5;
  static final double[] FIT_DASH = {5.5, 2.4};
  static final double POINT_RADIUS = 2.6;
  static final double JOINED_RADIUS = 1.8;
  static final double CROSS = 2.8;
  /** Width in points of a thinning column: about a pixel of the 150-dpi PNG. */
  static final double THIN_COLUMN = 0.5;
  /** Largest distance in points of a dropped point from the drawn line: a fifth of a 150-dpi pixel. */
  static final double STRAIGHT = 0.1;
  static final double PNG_DPI = 150;
  private static final Color FRAME = Color.BLACK;
  private static final Color FIT_COLOUR = Color.BLACK;
  private static final Color MARKED_COLOUR = new Color(0xd62728);
  private static final Color NOTE_COLOUR = new Color(0x555555);

  private final int columns;
  private final List<Panel> panels = new ArrayList<>();
  private double panelWidth = 252; // 3.5 in: two panels fill a two-column paper's text width
  private double panelHeight = 189;
  private boolean shareX;
  private boolean shareY;
  private boolean oneLegend;

  /** A figure whose panels fill {@code columns} columns, row by row. */
  public Figure(int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1");
    }
    this.columns = columns;
  }

  /** Adds a panel (the next cell, row by row) and returns it. */
  public Panel panel() {
    Panel p = new Panel();
    panels.add(p);
    return p;
  }

  /** All panels show the same x range. */
  public Figure shareX() {
    shareX = true;
    return this;
  }

  /** All panels show the same y range. */
  public Figure shareY() {
    shareY = true;
    return this;
  }

  /** The legend in the first panel only: the panels show the same kinds of series. */
  public Figure oneLegend() {
    oneLegend = true;
    return this;
  }

  /** The size of one panel in inches. */
  public Figure panelSize(double widthInches, double heightInches) {
    panelWidth = widthInches * 72;
    panelHeight = heightInches * 72;
    return this;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean PREPARED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Starts loading what drawing needs (Java2D, the font, PDFBox, the PNG encoder) on a background
   * thread, by drawing a small throw-away figure in every format: a command calls it before its
   * sweep, so the figures that follow it do not wait for class loading and compilation. Once per
   * JVM; the figures drawn later do not depend on it.
   */
  public static void prepare() {
    if (!PREPARED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        // drawn into nothing: no temporary files (whose random names would load SecureRandom)
        Figure f = new Figure(1);
        f.panel().title("λ").x("m", Panel.Scale.LOG).y("R_{rel}", Panel.Scale.LOG)
            .points("a", new double[] {1, 10}, new double[] {1, 0.1})
            .fit("b", new double[] {1, 10}, new double[] {1, 0.1})
            .line("c", new double[] {1, 2, 3}, new double[] {0.5, 0.4, 0.3});
        Layout layout = f.layout();
        for (String format : FORMATS) {
          draw(layout, format, OutputStream.nullOutputStream(), "warm-up");
        }
      } catch (IOException | RuntimeException e) {
        // only a head start: the real figures load the same classes themselves and report failures
      }
    }, "figure-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** The formats every figure is written in. */
  public static final List<String> FORMATS = List.of("png", "svg", "pdf");

  /**
   * Writes {@code dir/base.png}, {@code .svg}, {@code .pdf} and {@code base.csv} (the data drawn).
   * The PNG is rasterised on a second thread while the vector files are written: the files are the
   * same either way, and the figure costs about half the wall time.
   */
  public void save(Path dir, String base) {
    Layout layout = layout();
    try {
      Files.createDirectories(dir);
      CompletableFuture<Void> png = CompletableFuture.runAsync(() -> {
        try {
          draw(layout, "png", dir.resolve(base + ".png"), base);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      draw(layout, "svg", dir.resolve(base + ".svg"), base);
      draw(layout, "pdf", dir.resolve(base + ".pdf"), base);
      writeCsv(layout, dir.resolve(base + ".csv"));
      try {
        png.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + dir.resolve(base) + ": " + e.getMessage(), e);
    }
  }

  /** Writes one file, its format from the extension (.png, .svg or .pdf), and the data as CSV beside it. */
  public void save(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String format = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("figure file '" + file + "' must end in .png, .svg or .pdf");
    }
    Layout layout = layout();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      draw(layout, format, file, name);
      writeCsv(layout, parent.resolve(name.substring(0, dot) + ".csv"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + file + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------ layout

  /** One axis of one panel, resolved: scale, range, ticks. */
  static final class Axis {
    boolean log;
    double lo;
    double hi;
    List<Ticks.Tick> ticks = List.of();

    double t(double v) {
      return log ? Math.log10(v) : v;
    }

    /** Position of {@code v} as a fraction of the axis. */
    double fraction(double v) {
      return (t(v) - t(lo)) / (t(hi) - t(lo));
    }

    boolean accepts(double v) {
      return Double.isFinite(v) && (!log || v > 0);
    }
  }

  /** A series ready to draw: its style and colour resolved, its points thinned, in device coordinates. */
  record Drawn(Panel.Series series, Color colour, double[] x, double[] y, double[] dx, double[] dy) {}

  /** A panel placed on the page. */
  record Placed(Panel panel, Axis xAxis, Axis yAxis, double left, double top, double width, double height,
                boolean legend, List<Drawn> drawn) {}

  record Layout(double width, double height, List<Placed> placed) {}

  Layout layout() {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a figure needs at least one panel");
    }
    int n = panels.size();
    Axis[] xs = new Axis[n];
    Axis[] ys = new Axis[n];
    for (int i = 0; i < n; i++) {
      xs[i] = new Axis();
      ys[i] = new Axis();
    }
    resolveScales(xs, true);
    resolveScales(ys, false);
    ranges(xs, true);
    ranges(ys, false);

    // plot area: the same inside every cell, so the frames line up; margins from the widest labels
    boolean anyTitle = panels.stream().anyMatch(p -> p.title != null && !p.title.isEmpty());
    double top = anyTitle ? TITLE_SIZE * 1.9 : 6;
    double bottom = MAJOR_TICK + 3 + TICK_SIZE * 1.0 + 4 + LABEL_SIZE * 1.1 + 3;
    double right = 10;
    double left = 40;
    for (int pass = 0; pass < 2; pass++) {
      double plotW = panelWidth - left - right;
      double plotH = panelHeight - top - bottom;
      double widest = 0;
      for (int i = 0; i < n; i++) {
        xs[i].ticks = ticks(xs[i], plotW, true);
        ys[i].ticks = ticks(ys[i], plotH, false);
        for (Ticks.Tick t : ys[i].ticks) {
          if (t.major()) {
            widest = Math.max(widest, Text.width(t.label(), TICK_SIZE));
          }
        }
        right = Math.max(right, lastLabelOverhang(xs[i], plotW) + 4);
      }
      left = widest + MAJOR_TICK + 3.5 + LABEL_SIZE * 1.2 + 4;
    }
    double plotW = panelWidth - left - right;
    double plotH = panelHeight - top - bottom;
    int rows = (n + columns - 1) / columns;
    List<Placed> placed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double cellX = (i % columns) * panelWidth;
      double cellY = (i / columns) * panelHeight;
      Placed p = new Placed(panels.get(i), xs[i], ys[i], cellX + left, cellY + top, plotW, plotH, !oneLegend || i == 0,
          new ArrayList<>());
      place(p);
      placed.add(p);
    }
    return new Layout(Math.min(columns, n) * panelWidth, rows * panelHeight, placed);
  }

  private void resolveScales(Axis[] axes, boolean x) {
    boolean shared = x ? shareX : shareY;
    for (int i = 0; i < axes.length; i++) {
      Panel.Scale s = x ? panels.get(i).xScale : panels.get(i).yScale;
      axes[i].log = s == Panel.Scale.LOG || s == Panel.Scale.AUTO && spansDecades(shared ? panels
          : List.of(panels.get(i)), x);
    }
  }

  /**
   * All values positive and the largest more than a hundred times the smallest: two decades squeeze
   * most points into a corner of a linear axis (Figure 1's R_abs spans three), while one decade
   * (Figure 2's R_rel and R_abs) reads best on the linear axes the paper uses.
   */
  private static boolean spansDecades(List<Panel> ps, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (Panel p : ps) {
      for (Panel.Series s : p.series) {
        for (double v : x ? s.x() : s.y()) {
          if (!Double.isFinite(v)) {
            continue;
          }
          if (v <= 0) {
            return false;
          }
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return hi > 100 * lo;
  }

  private void ranges(Axis[] axes, boolean x) {
    double[][] data = new double[axes.length][];
    for (int i = 0; i < axes.length; i++) {
      data[i] = dataRange(panels.get(i), axes[i], x);
    }
    if (x ? shareX : shareY) {
      // one range per kind of axis: a linear axis's zero has no place on a log axis
      for (boolean log : new boolean[] {false, true}) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.length; i++) {
          if (data[i] != null && axes[i].log == log) {
            lo = Math.min(lo, data[i][0]);
            hi = Math.max(hi, data[i][1]);
          }
        }
        for (int i = 0; i < data.length; i++) {
          if (axes[i].log == log) {
            data[i] = lo <= hi ? new double[] {lo, hi} : null;
          }
        }
      }
    }
    for (int i = 0; i < axes.length; i++) {
      Axis a = axes[i];
      double[] limits = x ? panels.get(i).xLimits : panels.get(i).yLimits;
      if (limits != null) {
        a.lo = limits[0];
        a.hi = limits[1];
        continue;
      }
      double[] d = data[i];
      if (d == null) {
        a.lo = a.log ? 1 : 0;
        a.hi = a.log ? 10 : 1;
        continue;
      }
      double lo = a.t(d[0]);
      double hi = a.t(d[1]);
      if (hi == lo) {
        double pad = a.log ? 0.5 : Math.max(Math.abs(lo) * 0.1, 1e-12);
        lo -= pad;
        hi += pad;
      } else {
        double pad = 0.05 * (hi - lo); // matplotlib's default margins
        lo -= pad;
        hi += pad;
      }
      a.lo = a.log ? Math.pow(10, lo) : lo;
      a.hi = a.log ? Math.pow(10, hi) : hi;
    }
  }

  private static double[] dataRange(Panel p, Axis a, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Panel.Series s : p.series) {
      double[] v = x ? s.x() : s.y();
      double[] other = x ? s.y() : s.x();
      for (int k = 0; k < v.length; k++) {
        if (a.accepts(v[k]) && Double.isFinite(other[k])) {
          lo = Math.min(lo, v[k]);
          hi = Math.max(hi, v[k]);
        }
      }
    }
    return lo <= hi ? new double[] {lo, hi} : null;
  }

  /** Ticks whose labels do not collide: as many as fit along {@code length} points. */
  private static List<Ticks.Tick> ticks(Axis a, double length, boolean horizontal) {
    if (a.log) {
      List<Ticks.Tick> t = Ticks.log(a.lo, a.hi);
      // labels that would touch: keep every second labelled tick (then every third, ...)
      for (int keep = 1; keep < 6; keep++) {
        List<Ticks.Tick> thinned = keepEvery(t, keep);
        if (fits(thinned, a, length, horizontal)) {
          return thinned;
        }
      }
      return keepEvery(t, 6);
    }
    int max = horizontal ? 9 : Math.max(3, (int) (length / (TICK_SIZE * 2.6)) + 1);
    for (; max > 2; max--) {
      List<Ticks.Tick> t = Ticks.linear(a.lo, a.hi, max);
      if (fits(t, a, length, horizontal)) {
        return t;
      }
    }
    return Ticks.linear(a.lo, a.hi, 2);
  }

  private static List<Ticks.Tick> keepEvery(List<Ticks.Tick> t, int k) {
    if (k == 1) {
      return t;
    }
    List<Ticks.Tick> out = new ArrayList<>();
    int major = 0;
    for (Ticks.Tick tick : t) {
      if (tick.major()) {
        out.add(major++ % k == 0 ? tick : new Ticks.Tick(tick.value(), null));
      } else {
        out.add(tick);
      }
    }
    return out;
  }

  private static boolean fits(List<Ticks.Tick> t, Axis a, double length, boolean horizontal) {
    double prevEnd = Double.NEGATIVE_INFINITY;
    for (Ticks.Tick tick : t) {
      if (!tick.major()) {
        continue;
      }
      double pos = a.fraction(tick.value()) * length;
      double half = horizontal ? Text.width(tick.label(), TICK_SIZE) / 2 : TICK_SIZE * 0.5;
      double gap = horizontal ? TICK_SIZE * 0.9 : TICK_SIZE * 0.5;
      if (pos - half < prevEnd + gap) {
        return false;
      }
      prevEnd = pos + half;
    }
    return true;
  }

  private static double lastLabelOverhang(Axis a, double length) {
    double over = 0;
    for (Ticks.Tick t : a.ticks) {
      if (t.major()) {
        over = Math.max(over, a.fraction(t.value()) * length + Text.width(t.label(), TICK_SIZE) / 2 - length);
      }
    }
    return over;
  }

  /** Resolves colours, drops what the axes cannot show, thins curves, maps to device coordinates. */
  private static void place(Placed p) {
    int cycle = 0;
    for (Panel.Series s : p.panel().series) {
      Color colour = s.colour();
      if (colour == null) {
        colour = switch (s.style()) {
          case FIT -> FIT_COLOUR;
          case MARKED -> MARKED_COLOUR;
          default -> PALETTE[cycle++ % PALETTE.length];
        };
      }
      int n = s.x().length;
      double[] dx = new double[n];
      double[] dy = new double[n];
      int[] keep = new int[n];
      int m = 0;
      for (int k = 0; k < n; k++) {
        double x = s.x()[k];
        double y = s.y()[k];
        if (!p.xAxis().accepts(x) || !p.yAxis().accepts(y)) {
          continue;
        }
        dx[m] = p.left() + p.xAxis().fraction(x) * p.width();
        dy[m] = p.top() + (1 - p.yAxis().fraction(y)) * p.height();
        keep[m++] = k;
      }
      if (s.style() == Panel.Style.LINE || s.style() == Panel.Style.FIT) {
        m = thin(dx, dy, keep, m);
      }
      double[] x = new double[m];
      double[] y = new double[m];
      for (int k = 0; k < m; k++) {
        x[k] = s.x()[keep[k]];
        y[k] = s.y()[keep[k]];
      }
      p.drawn().add(new Drawn(s, colour, x, y, java.util.Arrays.copyOf(dx, m), java.util.Arrays.copyOf(dy, m)));
    }
  }

  /**
   * Keeps, of each run of consecutive points in one {@link #THIN_COLUMN}-wide column, the first,
   * the lowest, the highest and the last (in their order): the drawn curve is the same to the
   * pixel, peaks included. Compacts the arrays in place; returns the new count.
   */
  static int thin(double[] dx, double[] dy, int[] keep, int n) {
    int out = 0;
    int start = 0;
    while (start < n) {
      long column = (long) Math.floor(dx[start] / THIN_COLUMN);
      int end = start + 1;
      while (end < n && (long) Math.floor(dx[end] / THIN_COLUMN) == column) {
        end++;
      }
      if (end - start <= 4) {
        for (int k = start; k < end; k++) {
          dx[out] = dx[k];
          dy[out] = dy[k];
          keep[out++] = keep[k];
        }
      } else {
        int lo = start;
        int hi = start;
        for (int k = start; k < end; k++) {
          if (dy[k] < dy[lo]) {
            lo = k;
          }
          if (dy[k] > dy[hi]) {
            hi = k;
          }
        }
        int[] picks = {start, Math.min(lo, hi), Math.max(lo, hi), end - 1};
        int last = -1;
        for (int k : picks) {
          if (k != last) {
            dx[out] = dx[k];
            dy[out] = dy[k];
            keep[out++] = keep[k];
            last = k;
          }
        }
      }
      start = end;
    }
    return straighten(dx, dy, keep, out);
  }

  /**
   * Douglas–Peucker: keeps the fewest points such that every dropped point lies within
   * {@link #STRAIGHT} of the drawn line, so flat and straight stretches become single segments.
   * Compacts in place; returns the count.
   */
  static int straighten(double[] dx, double[] dy, int[] keep, int n) {
    if (n < 3) {
      return n;
    }
    boolean[] kept = new boolean[n];
    kept[0] = true;
    kept[n - 1] = true;
    int[] stack = new int[2 * n];
    int sp = 0;
    stack[sp++] = 0;
    stack[sp++] = n - 1;
    while (sp > 0) {
      int b = stack[--sp];
      int a = stack[--sp];
      double bx = dx[b] - dx[a];
      double by = dy[b] - dy[a];
      double len = Math.hypot(bx, by);
      double worst = -1;
      int at = -1;
      for (int k = a + 1; k < b; k++) {
        double ex = dx[k] - dx[a];
        double ey = dy[k] - dy[a];
        double dist = len == 0 ? Math.hypot(ex, ey) : Math.abs(bx * ey - by * ex) / len;
        if (dist > worst) {
          worst = dist;
          at = k;
        }
      }
      if (worst > STRAIGHT) {
        kept[at] = true;
        stack[sp++] = a;
        stack[sp++] = at;
        stack[sp++] = at;
        stack[sp++] = b;
      }
    }
    int out = 0;
    for (int k = 0; k < n; k++) {
      if (kept[k]) {
        dx[out] = dx[k];
        dy[out] = dy[k];
        keep[out++] = keep[k];
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ drawing

  private static void draw(Layout layout, String format, Path file, String name) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      draw(layout, format, out, name);
    }
  }

  private static void draw(Layout layout, String format, OutputStream out, String name) throws IOException {
    Canvas c = switch (format) {
      case "png" -> new PngCanvas(layout.width(), layout.height(), PNG_DPI);
      case "svg" -> new SvgCanvas(layout.width(), layout.height());
      case "pdf" -> new PdfCanvas(layout.width(), layout.height(), name.hashCode());
      default -> throw new IllegalArgumentException("unknown figure format " + format);
    };
    if (c instanceof PdfCanvas) {
      synchronized (PdfCanvas.FONT_LOCK) {
        drawAll(layout, c, out);
      }
    } else {
      drawAll(layout, c, out);
    }
  }

  private static void drawAll(Layout layout, Canvas c, OutputStream out) throws IOException {
    for (Placed p : layout.placed()) {
      drawPanel(c, p);
    }
    c.finish(out);
  }

  private static void drawPanel(Canvas c, Placed p) {
    double l = p.left();
    double t = p.top();
    double w = p.width();
    double h = p.height();
    c.clip(l, t, w, h);
    for (Drawn d : p.drawn()) {
      drawSeries(c, d);
    }
    c.unclip();
    c.rect(l, t, w, h, null, FRAME, FRAME_WIDTH);
    drawTicks(c, p);
    Panel panel = p.panel();
    if (panel.title != null && !panel.title.isEmpty()) {
      c.text(panel.title, l + w / 2 - Text.width(panel.title, TITLE_SIZE) / 2, t - TITLE_SIZE * 0.7, TITLE_SIZE,
          false, FRAME);
    }
    if (!panel.xLabel.isEmpty()) {
      double y = t + h + MAJOR_TICK + 3 + TICK_SIZE * Text.CAP_HEIGHT + 4 + LABEL_SIZE * 0.95;
      c.text(panel.xLabel, l + w / 2 - Text.width(panel.xLabel, LABEL_SIZE) / 2, y, LABEL_SIZE, false, FRAME);
    }
    if (!panel.yLabel.isEmpty()) {
      double widest = 0;
      for (Ticks.Tick tick : p.yAxis().ticks) {
        if (tick.major()) {
          widest = Math.max(widest, Text.width(tick.label(), TICK_SIZE));
        }
      }
      // the rotated label's baseline: its glyphs rise to the left of it, towards the page edge
      double x = l - MAJOR_TICK - 3.5 - widest - 3.5 - LABEL_SIZE * Text.DESCENT;
      c.text(panel.yLabel, x, t + h / 2 + Text.width(panel.yLabel, LABEL_SIZE) / 2, LABEL_SIZE, true, FRAME);
    }
    if (panel.note != null) {
      c.text(panel.note, l + w / 2 - Text.width(panel.note, LEGEND_SIZE + 0.5) / 2, t + h / 2, LEGEND_SIZE + 0.5,
          false, NOTE_COLOUR);
    }
    if (p.legend()) {
      legend(c, p);
    }
  }

  private static void drawSeries(Canvas c, Drawn d) {
    int n = d.dx().length;
    switch (d.series().style()) {
      case POINTS -> c.circles(d.dx(), d.dy(), n, POINT_RADIUS, d.colour(), null, 0);
      case JOINED -> {
        c.polyline(d.dx(), d.dy(), n, d.colour(), LINE_WIDTH * 0.8, null);
        c.circles(d.dx(), d.dy(), n, JOINED_RADIUS, d.colour(), null, 0);
      }
      case LINE -> c.polyline(d.dx(), d.dy(), n, d.colour(), LINE_WIDTH, null);
      case FIT -> c.polyline(d.dx(), d.dy(), n, d.colour(), FIT_WIDTH, FIT_DASH);
      case MARKED -> c.segments(crosses(d.dx(), d.dy(), n, CROSS), 2 * n, d.colour(), 1.2);
      default -> throw new IllegalStateException();
    }
  }

  private static double[] crosses(double[] x, double[] y, int n, double r) {
    double[] xy = new double[8 * n];
    for (int i = 0; i < n; i++) {
      double[] s = {x[i] - r, y[i] - r, x[i] + r, y[i] + r, x[i] - r, y[i] + r, x[i] + r, y[i] - r};
      System.arraycopy(s, 0, xy, 8 * i, 8);
    }
    return xy;
  }

  private static void drawTicks(Canvas c, Placed p) {
    List<double[]> major = new ArrayList<>();
    List<double[]> minor = new ArrayList<>();
    double l = p.left();
    double t = p.top();
    double w = p.width();
    double h = p.height();
    double yLabelRight = l - MAJOR_TICK - 3.5;
    for (Ticks.Tick tick : p.xAxis().ticks) {
      double x = l + p.xAxis().fraction(tick.value()) * w;
      if (x < l - 0.01 || x > l + w + 0.01) {
        continue;
      }
      double len = tick.major() ? MAJOR_TICK : MINOR_TICK;
      (tick.major() ? major : minor).add(new double[] {x, t + h, x, t + h + len});
      if (tick.major()) {
        c.text(tick.label(), x - Text.width(tick.label(), TICK_SIZE) / 2,
            t + h + MAJOR_TICK + 3 + TICK_SIZE * Text.CAP_HEIGHT, TICK_SIZE, false, FRAME);
      }
    }
    for (Ticks.Tick tick : p.yAxis().ticks) {
      double y = t + (1 - p.yAxis().fraction(tick.value())) * h;
      if (y < t - 0.01 || y > t + h + 0.01) {
        continue;
      }
      double len = tick.major() ? MAJOR_TICK : MINOR_TICK;
      (tick.major() ? major : minor).add(new double[] {l - len, y, l, y});
      if (tick.major()) {
        double tw = Text.width(tick.label(), TICK_SIZE);
        c.text(tick.label(), yLabelRight - tw, y + TICK_SIZE * Text.CAP_HEIGHT / 2, TICK_SIZE, false, FRAME);
      }
    }
    c.segments(flatten(major), major.size(), FRAME, FRAME_WIDTH);
    c.segments(flatten(minor), minor.size(), FRAME, FRAME_WIDTH * 0.75);
  }

  private static double[] flatten(List<double[]> segments) {
    double[] xy = new double[4 * segments.size()];
    for (int i = 0; i < segments.size(); i++) {
      System.arraycopy(segments.get(i), 0, xy, 4 * i, 4);
    }
    return xy;
  }

  /** The legend: one entry per distinct name, drawn only when there are two or more. */
  private static void legend(Canvas c, Placed p) {
    Map<String, Drawn> entries = new LinkedHashMap<>();
    for (Drawn d : p.drawn()) {
      if (d.series().name() != null && !d.series().name().isEmpty() && d.dx().length > 0) {
        entries.putIfAbsent(d.series().name(), d);
      }
    }
    if (entries.size() < 2) {
      return;
    }
    double size = LEGEND_SIZE;
    double sample = 16;
    double pad = 4;
    double textW = 0;
    for (String name : entries.keySet()) {
      textW = Math.max(textW, Text.width(name, LEGEND_SIZE));
    }
    // long entries: a smaller font (down to 5.5 pt) rather than a legend wider than the panel
    double room = p.width() - 10 - pad - sample - 5 - pad;
    if (textW > room) {
      size = Math.max(5.5, LEGEND_SIZE * room / textW);
      textW = textW * size / LEGEND_SIZE;
    }
    double row = size * 1.45;
    double bw = pad + sample + 5 + textW + pad;
    double bh = pad + entries.size() * row + pad * 0.5;
    double inset = 5;
    double l = p.left();
    double t = p.top();
    double[][] corners = {{l + p.width() - inset - bw, t + inset}, {l + inset, t + inset},
        {l + inset, t + p.height() - inset - bh}, {l + p.width() - inset - bw, t + p.height() - inset - bh}};
    // matplotlib's "best": the corner that covers the fewest drawn points, upper right first on ties
    double[] best = corners[0];
    long fewest = Long.MAX_VALUE;
    for (double[] corner : corners) {
      long covered = 0;
      for (Drawn d : p.drawn()) {
        boolean path = d.series().style() != Panel.Style.POINTS && d.series().style() != Panel.Style.MARKED;
        for (int k = 0; k < d.dx().length; k++) {
          // a thinned line may be two points far apart: sample along each segment too
          int samples = path && k + 1 < d.dx().length ? 16 : 1;
          for (int q = 0; q < samples; q++) {
            double f = q / (double) samples;
            double x = samples == 1 ? d.dx()[k] : d.dx()[k] + f * (d.dx()[k + 1] - d.dx()[k]);
            double y = samples == 1 ? d.dy()[k] : d.dy()[k] + f * (d.dy()[k + 1] - d.dy()[k]);
            if (x >= corner[0] - 2 && x <= corner[0] + bw + 2 && y >= corner[1] - 2 && y <= corner[1] + bh + 2) {
              covered++;
            }
          }
        }
      }
      if (covered < fewest) {
        fewest = covered;
        best = corner;
      }
    }
    double x = best[0];
    double y = best[1];
    c.rect(x, y, bw, bh, Color.WHITE, new Color(0xcccccc), 0.6);
    int i = 0;
    for (Map.Entry<String, Drawn> e : entries.entrySet()) {
      double cy = y + pad + row * i + row / 2;
      Drawn d = e.getValue();
      double[] sx = {x + pad, x + pad + sample};
      double[] sy = {cy, cy};
      double[] mx = {x + pad + sample / 2};
      double[] my = {cy};
      switch (d.series().style()) {
        case POINTS -> c.circles(mx, my, 1, POINT_RADIUS, d.colour(), null, 0);
        case JOINED -> {
          c.polyline(sx, sy, 2, d.colour(), LINE_WIDTH * 0.8, null);
          c.circles(mx, my, 1, JOINED_RADIUS, d.colour(), null, 0);
        }
        case LINE -> c.polyline(sx, sy, 2, d.colour(), LINE_WIDTH, null);
        case FIT -> c.polyline(sx, sy, 2, d.colour(), FIT_WIDTH, FIT_DASH);
        case MARKED -> c.segments(crosses(mx, my, 1, CROSS), 2, d.colour(), 1.2);
        default -> throw new IllegalStateException();
      }
      c.text(e.getKey(), x + pad + sample + 5, cy + size * Text.CAP_HEIGHT / 2, size, false, FRAME);
      i++;
    }
  }

  // ------------------------------------------------------------------------------------ data

  /**
   * The points drawn, one row each: panel number (1-based), axis names, series name and style, x and
   * y (round-trip decimal). Labels lose their markup braces: {@code R_{rel}} becomes {@code R_rel}.
   */
  private static void writeCsv(Layout layout, Path file) throws IOException {
    StringBuilder b = new StringBuilder("panel,x_name,y_name,series,style,x,y\n");
    int i = 0;
    for (Placed p : layout.placed()) {
      i++;
      String prefix = i + "," + csv(p.panel().xLabel) + "," + csv(p.panel().yLabel) + ",";
      for (Drawn d : p.drawn()) {
        String series = prefix + csv(d.series().name() == null ? "" : d.series().name()) + ","
            + d.series().style().name().toLowerCase(Locale.ROOT) + ",";
        for (int k = 0; k < d.x().length; k++) {
          b.append(series).append(d.x()[k]).append(',').append(d.y()[k]).append('\n');
        }
      }
    }
    Files.writeString(file, b, StandardCharsets.UTF_8);
  }

  private static String csv(String s) {
    String plain = s.replace("_{", "_").replace("^{", "^").replace("}", "");
    if (plain.contains(",") || plain.contains("\"") || plain.contains("\n")) {
      return "\"" + plain.replace("\"", "\"\"") + "\"";
    }
    return plain;
  }
}
