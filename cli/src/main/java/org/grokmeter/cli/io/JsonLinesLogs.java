package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * JSON lines logs ({@code .jsonl}, {@code .ndjson}): one object per evaluation, for example
 * {@code {"epoch": 3, "train_acc": 0.61, "val_acc": 0.5}}. A missing key or {@code null} drops that
 * point from that series; {@code NaN} and {@code Infinity} (as Python's json module writes them) are
 * read and refused as not finite; duplicate keys are refused. Objects sharing a time merge, as in CSV.
 */
final class JsonLinesLogs {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private JsonLinesLogs() {}

  static CurveFiles.Columns read(LogSource src, List<CurveFiles.Want> wants, CurveFiles.Options options) {
    String display = src.display();
    boolean keepAll = false;
    Set<String> wanted = new LinkedHashSet<>();
    for (CurveFiles.Want w : wants) {
      wanted.addAll(w.names());
      keepAll |= w.names().isEmpty();
    }
    Set<String> keys = new LinkedHashSet<>();
    Map<String, SeriesBuilder> series = new LinkedHashMap<>();
    SeriesBuilder.Counter total = new SeriesBuilder.Counter();
    String timeKey = options.timeColumn();
    Reader reader = new BufferedReader(new InputStreamReader(src.stream(), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    StringBuilder text = new StringBuilder();
    long line = 0;
    try {
      while (true) {
        text.setLength(0);
        int c;
        line++;
        while ((c = reader.read()) >= 0 && c != '\n') {
          if (text.length() >= CsvRecords.MAX_RECORD_CHARS) {
            throw new UserInputException(display + ": line " + line + ": a line longer than "
                + CsvRecords.MAX_RECORD_CHARS + " characters; not a JSON lines log");
          }
          text.append((char) c);
        }
        if (c < 0 && text.isEmpty()) {
          break;
        }
        String s = text.toString().strip();
        if (line == 1 && s.startsWith("\uFEFF")) {
          s = s.substring(1).strip();
        }
        if (s.isEmpty()) {
          continue;
        }
        JsonNode obj;
        try {
          obj = MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
          throw new UserInputException(display + ": line " + line + ": malformed JSON: "
              + e.getOriginalMessage());
        }
        if (obj == null || !obj.isObject()) {
          throw new UserInputException(display + ": line " + line + ": not a JSON object");
        }
        if (timeKey == null) {
          for (String name : CurveFiles.DEFAULT_TIME) {
            if (obj.has(name)) {
              timeKey = name;
              break;
            }
          }
          if (timeKey == null) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            throw new UserInputException(display + ": line " + line + ": no time key (looked for "
                + String.join(", ", CurveFiles.DEFAULT_TIME) + "; keys: " + CurveFiles.list(names)
                + "); name it with --time");
          }
        }
        double t = Double.NaN;
        boolean haveTime = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String key = e.getKey();
          if (key.equals(timeKey)) {
            continue;
          }
          if (keys.size() < 10_000 && (e.getValue().isNumber() || !keepAll)) {
            if (!keepAll || !key.startsWith("_")) {
              keys.add(key);
            }
          }
          boolean take = keepAll ? e.getValue().isNumber() && !key.startsWith("_") : wanted.contains(key);
          if (!take || e.getValue().isNull()) {
            continue;
          }
          final long l = line;
          Supplier<String> at = () -> display + ": line " + l + " (" + key + ")";
          if (!haveTime) {
            JsonNode tn = obj.get(timeKey);
            final String tk = timeKey;
            Supplier<String> tat = () -> display + ": line " + l + " (" + tk + ")";
            if (tn == null || tn.isNull()) {
              throw new UserInputException(tat.get() + ": no time in an object with a value for '" + key + "'");
            }
            t = number(tn, tat);
            if (!Double.isFinite(t)) {
              throw new UserInputException(tat.get() + ": '" + tn.asText() + "' is not a finite number");
            }
            haveTime = true;
          }
          SeriesBuilder b = series.computeIfAbsent(key, k -> new SeriesBuilder(k, options.check()));
          if (b.size() > 0 && !(t > b.lastTime())) {
            throw new UserInputException(display + ": line " + line + " (" + timeKey + "): time " + obj.get(timeKey)
                + " is not after " + b.lastTime() + " (line " + b.lastWhere() + ") in '" + key
                + "'; time must strictly increase");
          }
          JsonNode v = e.getValue();
          b.add(t, number(v, at), v.asText(), at, line, total);
        }
        if (c < 0) {
          break;
        }
      }
    } catch (CharacterCodingException e) {
      throw new UserInputException(display + ": line " + line + ": not UTF-8 text");
    } catch (IOException e) {
      throw CurveFiles.readFailure(display, "line " + line, e);
    }
    if (keys.isEmpty() && timeKey == null) {
      throw new UserInputException(display + ": empty file (no JSON objects)");
    }
    Map<String, CurveFiles.Curve> curves = new LinkedHashMap<>();
    List<String> firstNames = new ArrayList<>();
    for (CurveFiles.Want w : wants) {
      String key = null;
      if (w.names().isEmpty()) {
        if (series.size() != 1) {
          throw new UserInputException(display + ": cannot tell which key is the series (keys: "
              + CurveFiles.list(List.copyOf(series.keySet())) + "); name it with --train/--val");
        }
        key = series.keySet().iterator().next();
      } else {
        for (String n : w.names()) {
          if (series.containsKey(n)) {
            key = n;
            break;
          }
        }
        firstNames.add("'" + w.names().get(0) + "'");
      }
      if (key == null) {
        if (w.explicit()) {
          throw new UserInputException(display + ": no key '" + w.names().get(0) + "' with a value (keys: "
              + CurveFiles.list(List.copyOf(keys)) + ")");
        }
        continue;
      }
      SeriesBuilder b = series.get(key);
      CurveFiles.checkEnough(display, "line " + line, key, b.size());
      curves.put(w.role(), b.build(null));
    }
    if (curves.isEmpty()) {
      throw new UserInputException(display + ": no key " + String.join(" or ", firstNames) + " (keys: "
          + CurveFiles.list(List.copyOf(keys)) + "); name them with --train/--val");
    }
    return new CurveFiles.Columns(display, timeKey, curves);
  }

  private static double number(JsonNode n, Supplier<String> at) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      return CurveFiles.parse(n.asText().strip(), at);
    }
    throw new UserInputException(at.get() + ": " + CurveFiles.abbreviate(n.toString()) + " is not a number");
  }
}
