package org.grokmeter.fit;

import java.util.Locale;

/**
 * The paper's two settings (SPEC §1): the fixed amplitude a and offset b of the erf fit, and the
 * paper's starting point, which depends on the curve's time axis in the linear setting.
 */
public enum PaperSetting {
  /** MLP with two balanced classes: a = 1/4, b = 3/4 (chance 0.5 to 1.0); start s = 1e-3, t* = 100. */
  MLP(0.25, 0.75),
  /** Linear teacher–student: a = b = 1/2 (0 to 1); start s = 1/t_max, t* = t_max/5. */
  LINEAR(0.5, 0.5);

  private final double amplitude;
  private final double offset;

  PaperSetting(double amplitude, double offset) {
    this.amplitude = amplitude;
    this.offset = offset;
  }

  public double amplitude() {
    return amplitude;
  }

  public double offset() {
    return offset;
  }

  /** The paper's starting t* for a curve recorded up to {@code tMax}. */
  public double startJumpTime(double tMax) {
    return this == MLP ? 100 : tMax / 5;
  }

  /** The paper's starting s for a curve recorded up to {@code tMax}. */
  public double startSharpness(double tMax) {
    return this == MLP ? 1e-3 : 1 / tMax;
  }

  /** Lower-case name used on the command line ({@code mlp}, {@code linear}). */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #token()} (case-insensitive). */
  public static PaperSetting parse(String token) {
    for (PaperSetting s : values()) {
      if (s.token().equalsIgnoreCase(token.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown setting '" + token + "' (expected mlp or linear)");
  }
}
