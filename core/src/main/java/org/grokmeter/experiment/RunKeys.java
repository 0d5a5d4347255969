package org.grokmeter.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Run keys and per-run seeds. A run key is the first 64 bits of SHA-256 over the run's canonical
 * form ({@link RunParams#canonicalForm}), written as 16 lower-case hex digits: it depends on the
 * experiment and the resolved parameter values only — never on the grid position, the shard or the
 * thread — so adding grid points never renames or reseeds existing runs.
 */
public final class RunKeys {

  /** Key length in hex digits (64 bits: collisions need ~4 billion runs in one sweep). */
  public static final int KEY_HEX = 16;

  private RunKeys() {}

  public static String key(String experiment, RunParams params) {
    return HexFormat.of().formatHex(sha256(params.canonicalForm(experiment)), 0, KEY_HEX / 2);
  }

  /**
   * The seed a run gets when it has no explicit {@code seed} parameter: 64 bits of SHA-256 over the
   * master seed and the run key. A hash, not {@code master + index}, so neighbouring runs get
   * unrelated streams and the seed does not depend on where the run sits in the grid.
   */
  public static long derivedSeed(long masterSeed, String key) {
    return ByteBuffer.wrap(sha256("grokmeter-seed-v1\n" + masterSeed + "\n" + key)).getLong();
  }

  /** True for a well-formed key (used when reading files back: nothing else may name a file). */
  public static boolean isKey(String s) {
    if (s == null || s.length() != KEY_HEX) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }
}
