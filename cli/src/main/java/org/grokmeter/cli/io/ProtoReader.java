package org.grokmeter.cli.io;

import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire format, just enough to walk a message's fields (varint, 64-bit, length-delimited
 * and 32-bit wire types). Malformed bytes throw {@link Malformed}; the caller names the record.
 */
final class ProtoReader {

  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int I32 = 5;

  /** Bytes that are not a valid protobuf message. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  private final byte[] b;
  private int pos;
  private final int limit;
  private int field;
  private int wireType;

  ProtoReader(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off + len > b.length) {
      throw new Malformed("length past the end");
    }
    this.b = b;
    this.pos = off;
    this.limit = off + len;
  }

  /** Moves to the next field; false at the end of the message. */
  boolean next() {
    if (pos >= limit) {
      return false;
    }
    long key = varint();
    field = (int) (key >>> 3);
    wireType = (int) (key & 7);
    if (field <= 0) {
      throw new Malformed("field number " + (key >>> 3));
    }
    return true;
  }

  int field() {
    return field;
  }

  int wireType() {
    return wireType;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw new Malformed("truncated varint");
      }
      int x = b[pos++];
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new Malformed("varint longer than 10 bytes");
  }

  long fixed64() {
    need(8);
    long v = TfRecords.le64(b, pos);
    pos += 8;
    return v;
  }

  int fixed32() {
    need(4);
    int v = TfRecords.le32(b, pos);
    pos += 4;
    return v;
  }

  /** A length-delimited field as a reader over its bytes. */
  ProtoReader message() {
    int len = length();
    ProtoReader r = new ProtoReader(b, pos, len);
    pos += len;
    return r;
  }

  /** A length-delimited field's bytes as {offset, length} in {@link #bytes()}. */
  int[] span() {
    int len = length();
    int[] s = {pos, len};
    pos += len;
    return s;
  }

  String string() {
    int len = length();
    String s = new String(b, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** The current field's value read as a double, whatever its scalar wire type. */
  double number(boolean floatingPoint) {
    return switch (wireType) {
      case I64 -> floatingPoint ? Double.longBitsToDouble(fixed64()) : fixed64();
      case I32 -> floatingPoint ? Float.intBitsToFloat(fixed32()) : fixed32();
      case VARINT -> varint();
      default -> throw new Malformed("wire type " + wireType + " for a number");
    };
  }

  /** Skips the current field's value. */
  void skip() {
    switch (wireType) {
      case VARINT -> varint();
      case I64 -> fixed64();
      case LEN -> {
        int n = length();
        pos += n;
      }
      case I32 -> fixed32();
      default -> throw new Malformed("wire type " + wireType);
    }
  }

  boolean atEnd() {
    return pos >= limit;
  }

  private int length() {
    long len = varint();
    if (len < 0 || len > limit - pos) {
      throw new Malformed("length " + len + " past the end of the message");
    }
    return (int) len;
  }

  private void need(int n) {
    if (limit - pos < n) {
      throw new Malformed("truncated fixed-width field");
    }
  }

  byte[] bytes() {
    return b;
  }

  int position() {
    return pos;
  }
}
