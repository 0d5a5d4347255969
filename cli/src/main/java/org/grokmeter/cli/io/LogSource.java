package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens one input for a single pass: a regular file, a pipe, or standard input ({@code -} or
 * {@code /dev/stdin}), gzip-compressed or not (recognised by its magic bytes, so a misnamed file still
 * reads). Every byte is counted: more than the cap is a {@link UserInputException}, so a device that
 * never ends, a gzip bomb or a mistaken argument cannot exhaust memory or hang the tool. Character and
 * block devices other than standard input are refused outright ({@code fit /dev/zero}).
 */
public final class LogSource implements AutoCloseable {

  /** Default cap on the (decompressed) bytes read from one input. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  /** The name that means standard input. */
  public static final String STDIN = "-";

  private static final int FILE_TYPE_MASK = 0170000;
  private static final int CHAR_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private final String display;
  private final BufferedInputStream in;

  private LogSource(String display, BufferedInputStream in) {
    this.display = display;
    this.in = in;
  }

  /** The name as the user wrote it, for messages. */
  public String display() {
    return display;
  }

  /** The (decompressed) stream, buffered and supporting mark/reset for format sniffing. */
  public BufferedInputStream stream() {
    return in;
  }

  /** Whether {@code name} means standard input. */
  public static boolean isStdin(String name) {
    return name.equals(STDIN) || name.equals("/dev/stdin") || name.equals("/dev/fd/0") || name.equals("/proc/self/fd/0");
  }

  /**
   * Opens {@code path} (or standard input for {@code -}).
   *
   * @param maxBytes cap on the bytes read after decompression
   */
  public static LogSource open(Path path, String display, long maxBytes) {
    InputStream raw;
    if (display.equals(STDIN)) {
      raw = new FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input belongs to the process, not to one reader
        }
      };
    } else {
      checkFileType(path, display);
      try {
        raw = Files.newInputStream(path);
      } catch (AccessDeniedException e) {
        throw new UserInputException(display + ": cannot read (permission denied)");
      } catch (NoSuchFileException e) {
        throw new UserInputException(display + ": no such file");
      } catch (IOException e) {
        throw new UserInputException(display + ": cannot read: " + e.getMessage());
      }
    }
    try {
      // the bytes read are capped (and for gzip the decompressed bytes too, below)
      BufferedInputStream buffered = new BufferedInputStream(new CappedStream(raw, display, maxBytes), 1 << 16);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        // the decompressed bytes are capped as well: a gzip bomb stops at the cap
        return new LogSource(display, new BufferedInputStream(
            new CappedStream(new GZIPInputStream(buffered, 1 << 16), display, maxBytes), 1 << 16));
      }
      if (display.toLowerCase(Locale.ROOT).endsWith(".gz")) {
        buffered.close();
        throw new UserInputException(display + ": corrupt or truncated gzip data (not in gzip format)");
      }
      return new LogSource(display, buffered);
    } catch (ZipException e) {
      close(raw);
      throw new UserInputException(display + ": corrupt or truncated gzip data (" + e.getMessage() + ")");
    } catch (IOException e) {
      close(raw);
      throw new UserInputException(display + ": cannot read: " + e.getMessage());
    }
  }

  /** Regular files and pipes are read; devices (other than standard input) and sockets are refused. */
  static void checkFileType(Path path, String display) {
    if (!Files.exists(path)) {
      throw new UserInputException(display + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new UserInputException(display + ": is a directory, not a log file");
    }
    if (Files.isRegularFile(path) || isStdin(display)) {
      if (!Files.isReadable(path)) {
        throw new UserInputException(display + ": cannot read (permission denied)");
      }
      return;
    }
    int type;
    try {
      type = ((Integer) Files.getAttribute(path, "unix:mode")) & FILE_TYPE_MASK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return;
    }
    if (type == CHAR_DEVICE || type == BLOCK_DEVICE || type == SOCKET) {
      throw new UserInputException(display + ": is a device or socket, not a log file (give a regular file, a pipe"
          + " or - for standard input)");
    }
  }

  @Override
  public void close() {
    close(in);
  }

  private static void close(InputStream s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // a failed close of an input loses nothing
    }
  }

  /** Counts bytes and fails past the cap with a message naming the file and the cap. */
  static final class CappedStream extends FilterInputStream {
    private final String display;
    private final long max;
    private long count;

    CappedStream(InputStream in, String display, long max) {
      super(in);
      this.display = display;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      if (s > 0) {
        add(s);
      }
      return s;
    }

    private void add(long n) {
      count += n;
      if (count > max) {
        throw new UserInputException(display + ": more than " + max + " bytes (the cap on one input; raise it with"
            + " --max-bytes if the log really is that large)");
      }
    }
  }
}
