package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming CSV reader (RFC 4180: comma-separated, double quotes, doubled quotes inside quotes,
 * LF or CRLF, quoted fields may span lines) over UTF-8 text with or without a BOM. One record at a
 * time, so a log of any length reads in constant memory; fields the caller does not keep are scanned
 * but never turned into strings. Blank lines are skipped.
 *
 * <p>Hostile text fails fast with the file and line: a record longer than {@link #MAX_RECORD_CHARS}
 * characters, a NUL character (a binary file), malformed UTF-8, a quote that never closes.
 */
public final class CsvRecords implements AutoCloseable {

  /** No log has a record this long; a longer one is a binary or corrupt file. */
  public static final int MAX_RECORD_CHARS = 1 << 20;

  private final String display;
  private final Reader reader;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private final StringBuilder field = new StringBuilder();
  private boolean first = true;

  public CsvRecords(InputStream in, String display) {
    this.display = display;
    this.reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /** Line on which the last record returned starts (1-based). */
  public long line() {
    return recordLine;
  }

  /** Line after the last record: where a message about the end of the file points. */
  public long nextLine() {
    return line;
  }

  /**
   * The next record with every field, or null at the end of the input.
   */
  public List<String> next() {
    List<String> out = new ArrayList<>();
    return next(null, out) ? out : null;
  }

  /**
   * Reads the next record; fields at positions where {@code keep} is false (or past its end) are
   * added as null. Returns false at the end of the input.
   */
  public boolean next(boolean[] keep, List<String> out) {
    out.clear();
    try {
      int c;
      // skip blank lines
      while (true) {
        c = read();
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            unread(d);
          }
          line++;
          continue;
        }
        if (c == '\n') {
          line++;
          continue;
        }
        break;
      }
      if (c < 0) {
        return false;
      }
      if (first && c == '\uFEFF') {
        c = read();
      }
      first = false;
      recordLine = line;
      long chars = 0;
      boolean keepField = keep == null || (keep.length > 0 && keep[0]);
      field.setLength(0);
      boolean quoted = false;
      boolean wasQuoted = false;
      // whether the field has any character yet (kept or not): a quote opens a field only at its start
      boolean started = false;
      while (true) {
        if (++chars > MAX_RECORD_CHARS) {
          throw new UserInputException(display + ": line " + recordLine + ": a record longer than " + MAX_RECORD_CHARS
              + " characters; not a CSV log");
        }
        if (c == 0) {
          throw new UserInputException(display + ": line " + line + ": a NUL character; a binary file, not a CSV log");
        }
        if (quoted) {
          if (c < 0) {
            throw new UserInputException(display + ": line " + recordLine + ": malformed CSV: a quoted field never"
                + " closes");
          }
          if (c == '"') {
            int d = read();
            if (d == '"') {
              if (keepField) {
                field.append('"');
              }
            } else {
              quoted = false;
              unread(d);
            }
          } else {
            if (c == '\n') {
              line++;
            }
            if (keepField) {
              field.append((char) c);
            }
          }
          c = read();
          continue;
        }
        if (c == ',' || c == '\n' || c == '\r' || c < 0) {
          out.add(keepField ? field.toString() : null);
          field.setLength(0);
          wasQuoted = false;
          started = false;
          if (c == ',') {
            int idx = out.size();
            keepField = keep == null || (idx < keep.length && keep[idx]);
            c = read();
            continue;
          }
          if (c == '\r') {
            int d = read();
            if (d != '\n') {
              unread(d);
            }
          }
          if (c >= 0) {
            line++;
          }
          return true;
        }
        if (c == '"' && !started) {
          quoted = true;
          wasQuoted = true;
        } else if (c == '"' && wasQuoted) {
          throw new UserInputException(display + ": line " + line + ": malformed CSV: text after a closing quote");
        } else if (keepField) {
          field.append((char) c);
        }
        started = true;
        c = read();
      }
    } catch (CharacterCodingException e) {
      throw new UserInputException(display + ": line " + line + ": not UTF-8 text");
    } catch (IOException e) {
      throw CurveFiles.readFailure(display, "line " + line, e);
    }
  }

  private int pushedBack = Integer.MIN_VALUE;

  private int read() throws IOException {
    if (pushedBack != Integer.MIN_VALUE) {
      int c = pushedBack;
      pushedBack = Integer.MIN_VALUE;
      return c;
    }
    if (pos == len) {
      len = reader.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private void unread(int c) {
    pushedBack = c;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException ignored) {
      // nothing is lost when closing an input fails
    }
  }
}
