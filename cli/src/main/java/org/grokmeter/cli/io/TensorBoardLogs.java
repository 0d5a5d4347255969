package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * TensorBoard event files, read with a small hand-written protobuf reader instead of a TensorFlow
 * dependency. The subset of TensorFlow's schema used (field numbers as in {@code event.proto},
 * {@code summary.proto}, {@code tensor.proto}, {@code tensor_shape.proto}); everything else is skipped:
 * <pre>
 * message Event   { double wall_time = 1; int64 step = 2; Summary summary = 5; }
 * message Summary { repeated Value value = 1; }
 * message Value   { string tag = 1; float simple_value = 2; TensorProto tensor = 8; }
 * message TensorProto {
 *   DataType dtype = 1;                // FLOAT 1, DOUBLE 2, INT32 3, UINT8 4, INT16 5, INT8 6,
 *                                      // INT64 9, BOOL 10, BFLOAT16 14, HALF 19
 *   TensorShapeProto tensor_shape = 2; // message { repeated Dim dim = 2; }  Dim { int64 size = 1; }
 *   bytes tensor_content = 4;          // little-endian elements
 *   repeated float float_val = 5;  repeated double double_val = 6;  repeated int32 int_val = 7;
 *   repeated int64 int64_val = 10; repeated bool bool_val = 11;     repeated int32 half_val = 13;
 * }
 * </pre>
 * A scalar is a {@code simple_value} (PyTorch, tensorboardX, TF1) or a tensor with exactly one element
 * (TF2 {@code tf.summary.scalar}). Time is the step, or the wall time with {@code --time wall_time}.
 * Points are sorted by time and a repeated step keeps its last value, as TensorBoard shows a restarted
 * run. In a run folder, the event files below it are read in name order; a file in a subfolder
 * prefixes its tags with the subfolder's path ({@code train/epoch_accuracy} for Keras'
 * {@code logs/train/events…}).
 */
final class TensorBoardLogs {

  /** A folder holding more event files than this is not one run. */
  static final int MAX_FILES = 1000;

  private TensorBoardLogs() {}

  static CurveFiles.Columns readFolder(Path folder, String display, List<CurveFiles.Want> wants,
                                       CurveFiles.Options options) {
    List<Path> files;
    try (Stream<Path> s = Files.walk(folder, 4)) {
      files = s.filter(p -> p.getFileName().toString().contains("tfevents") && Files.isRegularFile(p))
          .sorted().limit(MAX_FILES + 1).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserInputException(display + ": cannot list the folder: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new UserInputException(display + ": a directory without TensorBoard event files (events.out.tfevents.*)");
    }
    if (files.size() > MAX_FILES) {
      throw new UserInputException(display + ": more than " + MAX_FILES + " event files; give one run's folder");
    }
    Collector c = new Collector(display, wants, options);
    for (Path f : files) {
      Path rel = folder.relativize(f.getParent() == null ? f : f.getParent());
      String prefix = rel.toString().isEmpty() ? "" : rel.toString().replace('\\', '/') + "/";
      String name = display.endsWith("/") ? display + folder.relativize(f) : display + "/" + folder.relativize(f);
      try (LogSource src = LogSource.open(f, name, options.maxBytes())) {
        c.read(src, prefix);
      }
    }
    return c.finish();
  }

  static CurveFiles.Columns read(List<LogSource> sources, String display, List<CurveFiles.Want> wants,
                                 CurveFiles.Options options) {
    Collector c = new Collector(display, wants, options);
    for (LogSource s : sources) {
      c.read(s, "");
    }
    return c.finish();
  }

  /** The scalar series of the wanted tags (all tags when a series is to be guessed). */
  private static final class Collector {
    final String display;
    final List<CurveFiles.Want> wants;
    final CurveFiles.Options options;
    final boolean keepAll;
    final Set<String> wanted = new LinkedHashSet<>();
    final Set<String> tags = new LinkedHashSet<>();
    final Map<String, SeriesBuilder> series = new LinkedHashMap<>();
    final SeriesBuilder.Counter total = new SeriesBuilder.Counter();
    final boolean wallTime;

    Collector(String display, List<CurveFiles.Want> wants, CurveFiles.Options options) {
      this.display = display;
      this.wants = wants;
      this.options = options;
      boolean all = false;
      for (CurveFiles.Want w : wants) {
        wanted.addAll(w.names());
        all |= w.names().isEmpty();
      }
      keepAll = all;
      String t = options.timeColumn();
      if (t == null || t.equalsIgnoreCase("step")) {
        wallTime = false;
      } else if (t.equalsIgnoreCase("wall_time") || t.equalsIgnoreCase("wall time")) {
        wallTime = true;
      } else {
        throw new UserInputException(display + ": --time " + t + ": TensorBoard events have only step and wall_time");
      }
    }

    void read(LogSource src, String prefix) {
      TfRecords.Reader records = new TfRecords.Reader(src.stream(), src.display());
      byte[] rec;
      while ((rec = records.next()) != null) {
        long at = records.recordOffset();
        try {
          event(rec, prefix, at, src.display());
        } catch (ProtoReader.Malformed e) {
          throw new UserInputException(src.display() + ": byte " + at + ": malformed Event protobuf (" + e.getMessage()
              + ")");
        }
      }
    }

    private void event(byte[] rec, String prefix, long at, String file) {
      ProtoReader ev = new ProtoReader(rec, 0, rec.length);
      double wall = Double.NaN;
      long step = 0;
      List<int[]> summaries = null;
      while (ev.next()) {
        switch (ev.field()) {
          case 1 -> wall = ev.number(true);
          case 2 -> step = (long) ev.number(false);
          case 5 -> {
            if (ev.wireType() != ProtoReader.LEN) {
              throw new ProtoReader.Malformed("summary is not a message");
            }
            // read after the whole event, when its step and wall time are known
            if (summaries == null) {
              summaries = new ArrayList<>();
            }
            summaries.add(ev.span());
          }
          default -> ev.skip();
        }
      }
      if (summaries == null) {
        return;
      }
      double t = wallTime ? wall : step;
      for (int[] span : summaries) {
        ProtoReader body = new ProtoReader(rec, span[0], span[1]);
        while (body.next()) {
          if (body.field() == 1 && body.wireType() == ProtoReader.LEN) {
            value(body.message(), prefix, t, at, file);
          } else {
            body.skip();
          }
        }
      }
    }

    private void value(ProtoReader v, String prefix, double t, long at, String file) {
      String tag = null;
      double x = Double.NaN;
      boolean scalar = false;
      while (v.next()) {
        switch (v.field()) {
          case 1 -> tag = v.string();
          case 2 -> {
            x = v.number(true);
            scalar = true;
          }
          case 8 -> {
            double[] one = tensorScalar(v.message());
            if (one != null) {
              x = one[0];
              scalar = true;
            }
          }
          default -> v.skip();
        }
      }
      if (!scalar || tag == null) {
        return;
      }
      String name = prefix + tag;
      if (tags.size() < 10_000) {
        tags.add(name);
      }
      if (!keepAll && !wanted.contains(name)) {
        return;
      }
      SeriesBuilder b = series.computeIfAbsent(name, n -> new SeriesBuilder(n, options.check()));
      String text = Double.toString(x);
      final double tt = t;
      b.add(tt, x, text, () -> file + ": byte " + at + " (tag " + name + ", step " + (long) tt + ")", at, total);
    }

    CurveFiles.Columns finish() {
      // every name is resolved before any series is checked, so a wrong tag is reported first
      Map<String, String> resolved = new LinkedHashMap<>();
      List<String> firstNames = new ArrayList<>();
      for (CurveFiles.Want w : wants) {
        String tag = null;
        if (w.names().isEmpty()) {
          if (tags.size() != 1) {
            throw new UserInputException(display + ": cannot tell which tag is the series (scalar tags: "
                + CurveFiles.list(List.copyOf(tags)) + "); name it with --train/--val");
          }
          tag = tags.iterator().next();
        } else {
          for (String n : w.names()) {
            if (series.containsKey(n)) {
              tag = n;
              break;
            }
          }
          firstNames.add("'" + w.names().get(0) + "'");
        }
        if (tag == null && w.explicit()) {
          throw new UserInputException(display + ": no scalar tag '" + w.names().get(0) + "' (scalar tags: "
              + CurveFiles.list(List.copyOf(tags)) + ")");
        }
        if (tag != null) {
          resolved.put(w.role(), tag);
        }
      }
      Map<String, CurveFiles.Curve> curves = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : resolved.entrySet()) {
        SeriesBuilder b = series.get(e.getValue());
        b.sortKeepingLast();
        CurveFiles.checkEnough(display, "tag " + e.getValue(), e.getValue(), b.size());
        curves.put(e.getKey(), b.build(null));
      }
      if (curves.isEmpty()) {
        throw new UserInputException(display + ": no scalar tag " + String.join(" or ", firstNames) + " (scalar tags: "
            + CurveFiles.list(List.copyOf(tags)) + "); name them with --train/--val");
      }
      return new CurveFiles.Columns(display, wallTime ? "wall_time" : "step", curves);
    }
  }

  /** The single element of a numeric tensor, or null when it has more or none, or is not numeric. */
  static double[] tensorScalar(ProtoReader t) {
    int dtype = 0;
    long elements = 1;
    List<Double> listed = new ArrayList<>(1);
    byte[] content = null;
    int contentOff = 0;
    int contentLen = 0;
    while (t.next()) {
      switch (t.field()) {
        case 1 -> dtype = (int) t.varint();
        case 2 -> {
          ProtoReader shape = t.message();
          while (shape.next()) {
            if (shape.field() == 2 && shape.wireType() == ProtoReader.LEN) {
              ProtoReader dim = shape.message();
              while (dim.next()) {
                if (dim.field() == 1 && dim.wireType() == ProtoReader.VARINT) {
                  elements *= Math.max(0, dim.varint());
                  elements = Math.min(elements, 1L << 40);
                } else {
                  dim.skip();
                }
              }
            } else {
              shape.skip();
            }
          }
        }
        case 4 -> {
          int[] span = t.span();
          content = t.bytes();
          contentOff = span[0];
          contentLen = span[1];
        }
        case 5, 6, 7, 10, 11, 13 -> repeated(t, dtype, listed);
        default -> t.skip();
      }
    }
    if (elements != 1) {
      return null;
    }
    if (!listed.isEmpty()) {
      return listed.size() == 1 ? new double[] {listed.get(0)} : null;
    }
    if (content != null) {
      int width = switch (dtype) {
        case 1, 3 -> 4;
        case 2, 9 -> 8;
        case 14, 19, 5 -> 2;
        case 4, 6, 10 -> 1;
        default -> 0;
      };
      if (width == 0 || contentLen != width) {
        return null;
      }
      long bits = 0;
      for (int i = width - 1; i >= 0; i--) {
        bits = bits << 8 | (content[contentOff + i] & 0xff);
      }
      return new double[] {fromBits(dtype, bits)};
    }
    return null;
  }

  private static double fromBits(int dtype, long bits) {
    return switch (dtype) {
      case 1 -> Float.intBitsToFloat((int) bits);
      case 2 -> Double.longBitsToDouble(bits);
      case 3 -> (int) bits;
      case 9 -> bits;
      case 5 -> (short) bits;
      case 6 -> (byte) bits;
      case 4, 10 -> bits & 0xff;
      case 14 -> Float.intBitsToFloat((int) (bits << 16));
      case 19 -> Float.float16ToFloat((short) bits);
      default -> Double.NaN;
    };
  }

  /** A repeated numeric field, packed (one length-delimited run) or not. */
  private static void repeated(ProtoReader t, int dtype, List<Double> out) {
    int field = t.field();
    if (t.wireType() == ProtoReader.LEN) {
      ProtoReader packed = t.message();
      while (!packed.atEnd() && out.size() < 2) {
        out.add(element(packed, field, dtype));
      }
    } else if (out.size() < 2) {
      out.add(element(t, field, dtype));
    } else {
      t.skip();
    }
  }

  private static double element(ProtoReader r, int field, int dtype) {
    return switch (field) {
      case 5 -> Float.intBitsToFloat(r.fixed32());
      case 6 -> Double.longBitsToDouble(r.fixed64());
      case 7 -> (int) r.varint();
      case 10 -> r.varint();
      case 11 -> r.varint() != 0 ? 1 : 0;
      case 13 -> dtype == 14 ? Float.intBitsToFloat((int) r.varint() << 16) : Float.float16ToFloat((short) r.varint());
      default -> Double.NaN;
    };
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
