package org.grokmeter.fit;

/**
 * Residual-bootstrap uncertainty of a fit: {@code replicates} refits of ŷ + resampled residuals
 * (seeded), of which {@code converged} converged and were used. Percentile intervals at the fit's
 * confidence level.
 */
public record Bootstrap(
    int replicates,
    int converged,
    long seed,
    double jumpTimeStdErr,
    double sharpnessStdErr,
    double jumpTimeLow,
    double jumpTimeHigh,
    double sharpnessLow,
    double sharpnessHigh) {
}
