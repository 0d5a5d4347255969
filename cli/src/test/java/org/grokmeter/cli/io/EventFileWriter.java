package org.grokmeter.cli.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes TensorBoard event files for the tests, independently of the reader: its own protobuf
 * encoder and its own bitwise CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), following the
 * TFRecord layout (length, masked CRC of the length, data, masked CRC of the data) and TensorFlow's
 * field numbers (Event: wall_time 1, step 2, file_version 3, summary 5; Summary.value 1; Value: tag 1,
 * simple_value 2, tensor 8; TensorProto: dtype 1, tensor_shape 2, tensor_content 4, float_val 5,
 * double_val 6; TensorShapeProto.dim 2; Dim.size 1).
 */
final class EventFileWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** CRC-32C bit by bit, the textbook definition. */
  static int crc32c(byte[] b, int off, int len) {
    int crc = 0xffffffff;
    for (int i = off; i < off + len; i++) {
      crc ^= b[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc;
  }

  static int masked(byte[] b, int off, int len) {
    int crc = crc32c(b, off, len);
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  EventFileWriter fileVersion(double wallTime) {
    Proto e = new Proto().fixed64(1, Double.doubleToLongBits(wallTime)).bytes(3,
        "brain.Event:2".getBytes(StandardCharsets.UTF_8));
    return record(e.toBytes());
  }

  EventFileWriter scalar(long step, String tag, float value) {
    Proto v = new Proto().bytes(1, tag.getBytes(StandardCharsets.UTF_8)).fixed32(2, Float.floatToIntBits(value));
    return summary(step, v);
  }

  /** A TF2-style scalar: a rank-0 DT_FLOAT tensor, in float_val or in tensor_content. */
  EventFileWriter tensorScalar(long step, String tag, float value, boolean asContent) {
    Proto t = new Proto().varint(1, 1).bytes(2, new byte[0]);
    if (asContent) {
      int bits = Float.floatToIntBits(value);
      t.bytes(4, new byte[] {(byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24)});
    } else {
      t.fixed32(5, Float.floatToIntBits(value));
    }
    return summary(step, new Proto().bytes(1, tag.getBytes(StandardCharsets.UTF_8)).bytes(8, t.toBytes()));
  }

  /** A tensor with two elements (a histogram-like value), which is not a scalar and must be skipped. */
  EventFileWriter tensorPair(long step, String tag) {
    Proto shape = new Proto().bytes(2, new Proto().varint(1, 2).toBytes());
    Proto t = new Proto().varint(1, 2).bytes(2, shape.toBytes())
        .fixed64(6, Double.doubleToLongBits(1)).fixed64(6, Double.doubleToLongBits(2));
    return summary(step, new Proto().bytes(1, tag.getBytes(StandardCharsets.UTF_8)).bytes(8, t.toBytes()));
  }

  private EventFileWriter summary(long step, Proto value) {
    Proto summary = new Proto().bytes(1, value.toBytes());
    Proto e = new Proto().fixed64(1, Double.doubleToLongBits(1.7e9 + step)).varint(2, step)
        .bytes(5, summary.toBytes());
    return record(e.toBytes());
  }

  EventFileWriter record(byte[] data) {
    byte[] len = new byte[8];
    for (int i = 0; i < 8; i++) {
      len[i] = (byte) ((long) data.length >>> (8 * i));
    }
    out.writeBytes(len);
    out.writeBytes(le32(masked(len, 0, 8)));
    out.writeBytes(data);
    out.writeBytes(le32(masked(data, 0, data.length)));
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  /** A protobuf message being encoded. */
  static final class Proto {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();

    Proto varint(int field, long v) {
      key(field, 0);
      writeVarint(v);
      return this;
    }

    Proto fixed64(int field, long v) {
      key(field, 1);
      for (int i = 0; i < 8; i++) {
        b.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Proto fixed32(int field, int v) {
      key(field, 5);
      b.writeBytes(le32(v));
      return this;
    }

    Proto bytes(int field, byte[] v) {
      key(field, 2);
      writeVarint(v.length);
      b.writeBytes(v);
      return this;
    }

    private void key(int field, int wire) {
      writeVarint((long) field << 3 | wire);
    }

    private void writeVarint(long v) {
      while ((v & ~0x7fL) != 0) {
        b.write((int) (v & 0x7f) | 0x80);
        v >>>= 7;
      }
      b.write((int) v);
    }

    byte[] toBytes() {
      return b.toByteArray();
    }
  }
}
