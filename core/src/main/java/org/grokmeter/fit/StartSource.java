package org.grokmeter.fit;

import java.util.Locale;

/** Where a fit's starting point came from. */
public enum StartSource {
  /** Given by the caller (the paper's start in paper mode). */
  GIVEN,
  /** The first crossing of the midpoint level by the smoothed curve; width from the 20%–80% crossings. */
  THRESHOLD_CROSSING,
  /** The steepest rise of the smoothed curve; sharpness from that slope. */
  STEEPEST_RISE,
  /** Mid-range jump time with a transition a tenth of the range wide (last resort). */
  MID_RANGE;

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
