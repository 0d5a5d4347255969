package org.grokmeter.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-line CSV dialect of {@code runs.csv}: RFC 4180 quoting, but a record is always exactly one
 * physical line (values never contain line breaks; {@link Sweep#oneLine} guarantees it), so a line
 * that does not end in a newline is recognisably torn.
 */
final class Csv {

  private Csv() {}

  static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.append('\n').toString();
  }

  /** Parses one line (without its newline); {@code null} when the quoting is broken. */
  static List<String> parse(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            return null; // unterminated quote
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              cur.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cur.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          return null;
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          char c = line.charAt(i++);
          if (c == '"') {
            return null;
          }
          cur.append(c);
        }
      }
      out.add(cur.toString());
      cur.setLength(0);
      if (i >= n) {
        return out;
      }
      i++; // the comma
    }
  }
}
