package org.grokmeter.fit;

/** The training and the validation fit of one run, fitted with the same form. */
public record FitPair(FitResult train, FitResult val) {

  /** The paper's measures of this run. */
  public GrokkingMeasures measures() {
    return GrokkingMeasures.of(train, val);
  }
}
