package org.grokmeter.cli.plot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG encoder for the figures' {@code TYPE_INT_RGB} rasters: 8-bit RGB, every row but the
 * first with the "Up" filter (a row minus the row above, so the white background and vertical runs
 * become zeros), one zlib stream at {@link Deflater#BEST_SPEED}. ImageIO's writer tries all five filters on
 * every row in Java and deflates at a higher level: on a figure it cost several times the drawing,
 * and its plug-in registry is a few hundred classes to load. The output is the same bytes for the
 * same pixels, with no time stamp or text chunks.
 */
final class PngWriter {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int FILTER_UP = 2;

  private PngWriter() {}

  /** Writes {@code width × height} pixels {@code 0xRRGGBB}, row-major from {@code offset} with row length {@code stride}. */
  static void write(int[] rgb, int offset, int stride, int width, int height, OutputStream out) throws IOException {
    byte[] header = new byte[13];
    putInt(header, 0, width);
    putInt(header, 4, height);
    header[8] = 8; // bits per sample
    header[9] = 2; // colour type: RGB
    out.write(SIGNATURE);
    chunk(out, "IHDR", header, header.length);

    int rowBytes = 1 + 3 * width;
    byte[] row = new byte[rowBytes];
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    ByteArrayOutputStream idat = new ByteArrayOutputStream(rowBytes * height / 16 + 64);
    byte[] buffer = new byte[64 * 1024];
    try {
      // the first row as it is (filter byte 0, "None")
      unpack(rgb, offset, 0, width, row);
      deflate(deflater, row, buffer, idat);
      // then each row minus the one above ("Up"): zero wherever the two agree, which in a figure is
      // nearly everywhere, so only the stretch between the first and last difference is computed
      int dirtyFrom = 1;
      int dirtyTo = rowBytes;
      for (int y = 1; y < height; y++) {
        java.util.Arrays.fill(row, dirtyFrom, dirtyTo, (byte) 0);
        row[0] = FILTER_UP;
        int at = offset + y * stride;
        int above = at - stride;
        int first = java.util.Arrays.mismatch(rgb, at, at + width, rgb, above, above + width);
        if (first < 0) {
          dirtyFrom = dirtyTo = 1;
        } else {
          int last = width - 1;
          while (rgb[at + last] == rgb[above + last]) {
            last--;
          }
          for (int x = first; x <= last; x++) {
            int p = rgb[at + x];
            int q = rgb[above + x];
            int i = 1 + 3 * x;
            row[i] = (byte) ((p >>> 16) - (q >>> 16));
            row[i + 1] = (byte) ((p >>> 8) - (q >>> 8));
            row[i + 2] = (byte) (p - q);
          }
          dirtyFrom = 1 + 3 * first;
          dirtyTo = 4 + 3 * last;
        }
        deflate(deflater, row, buffer, idat);
      }
      deflater.finish();
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        idat.write(buffer, 0, n);
      }
    } finally {
      deflater.end();
    }
    chunk(out, "IDAT", idat.toByteArray(), idat.size());
    chunk(out, "IEND", new byte[0], 0);
  }

  /** Pixels {@code from}..{@code width} of the row at {@code at} as R, G, B bytes after the filter byte. */
  private static void unpack(int[] rgb, int at, int from, int width, byte[] row) {
    for (int x = from, i = 1 + 3 * from; x < width; x++, i += 3) {
      int p = rgb[at + x];
      row[i] = (byte) (p >>> 16);
      row[i + 1] = (byte) (p >>> 8);
      row[i + 2] = (byte) p;
    }
  }

  private static void deflate(Deflater deflater, byte[] row, byte[] buffer, ByteArrayOutputStream out) {
    deflater.setInput(row);
    while (!deflater.needsInput()) {
      int n = deflater.deflate(buffer);
      if (n == 0) {
        break;
      }
      out.write(buffer, 0, n);
    }
  }

  private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
    byte[] head = new byte[8];
    putInt(head, 0, length);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, head, 4, 4);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, 0, length);
    byte[] tail = new byte[4];
    putInt(tail, 0, (int) crc.getValue());
    out.write(head);
    out.write(data, 0, length);
    out.write(tail);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
