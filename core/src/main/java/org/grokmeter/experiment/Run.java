package org.grokmeter.experiment;

/**
 * One point of a sweep's grid.
 *
 * @param index position in the full grid's canonical order (first parameter slowest); the row order
 *     of {@code runs.csv}, never an input to the run itself
 * @param params the resolved parameters
 * @param key the run key ({@link RunKeys#key})
 * @param seed the seed the run receives (explicit {@code seed} parameter, or derived from the master
 *     seed and the key)
 */
public record Run(int index, RunParams params, String key, long seed) {}
