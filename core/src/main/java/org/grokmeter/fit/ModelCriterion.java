package org.grokmeter.fit;

/** Information criterion used to choose the S-curve form automatically. */
public enum ModelCriterion {
  AIC,
  BIC
}
