package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files. Each record is
 * <pre>
 *   uint64 length            (little-endian)
 *   uint32 masked_crc32c(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 * where {@code masked(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (TensorFlow's
 * {@code core/lib/hash/crc32c.h}: masking keeps a CRC stored inside CRC-checked data from looking like
 * data). Both CRCs are checked; a mismatch or a truncated record names the byte offset of the record.
 */
final class TfRecords {

  /** Records longer than this are checked but not kept: no scalar summary comes near it. */
  static final int MAX_KEPT_RECORD = 16 << 20;

  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  static int maskedCrc32c(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return mask((int) c.getValue());
  }

  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** Whether 12 bytes are a record header: a length whose masked CRC follows it. */
  static boolean isRecordStart(byte[] head) {
    return head.length >= 12 && maskedCrc32c(head, 0, 8) == le32(head, 8);
  }

  static int le32(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
  }

  static long le64(byte[] b, int off) {
    return (le32(b, off) & 0xffffffffL) | ((long) le32(b, off + 4)) << 32;
  }

  /** Reads records one at a time from a stream. */
  static final class Reader {
    private final InputStream in;
    private final String display;
    private long offset;
    private long recordOffset;

    Reader(InputStream in, String display) {
      this.in = in;
      this.display = display;
    }

    /** Byte offset of the record last returned. */
    long recordOffset() {
      return recordOffset;
    }

    /**
     * The next record's data, an empty array for a record too long to keep, or null at the end.
     */
    byte[] next() {
      try {
        recordOffset = offset;
        byte[] head = in.readNBytes(12);
        if (head.length == 0) {
          return null;
        }
        if (head.length < 12) {
          throw corrupt("truncated record header (" + head.length + " of 12 bytes)");
        }
        if (maskedCrc32c(head, 0, 8) != le32(head, 8)) {
          throw corrupt("length CRC-32C mismatch (not a TFRecord file, or corrupt)");
        }
        long length = le64(head, 0);
        offset += 12;
        if (length < 0) {
          throw corrupt("record length " + Long.toUnsignedString(length) + " is impossible");
        }
        CRC32C crc = new CRC32C();
        byte[] data;
        if (length <= MAX_KEPT_RECORD) {
          data = in.readNBytes((int) length);
          if (data.length < length) {
            throw corrupt("truncated record (" + data.length + " of " + length + " bytes)");
          }
          crc.update(data);
        } else {
          data = new byte[0];
          byte[] chunk = new byte[1 << 16];
          long left = length;
          while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
              throw corrupt("truncated record (" + (length - left) + " of " + length + " bytes)");
            }
            crc.update(chunk, 0, n);
            left -= n;
          }
        }
        offset += length;
        byte[] tail = in.readNBytes(4);
        if (tail.length < 4) {
          throw corrupt("truncated record (its data CRC is missing)");
        }
        offset += 4;
        if (mask((int) crc.getValue()) != le32(tail, 0)) {
          throw corrupt("data CRC-32C mismatch (corrupt record)");
        }
        return data;
      } catch (IOException e) {
        throw CurveFiles.readFailure(display, "byte " + recordOffset, e);
      }
    }

    private UserInputException corrupt(String what) {
      return new UserInputException(display + ": byte " + recordOffset + ": " + what);
    }
  }
}
