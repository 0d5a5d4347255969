/**
 * The paper's experiments as sweep experiments, with the pipelines they run: {@link
 * org.grokmeter.experiments.MlpExperiment} ({@code experiment: mlp}, one (input size, seed) run
 * through {@link org.grokmeter.experiments.MlpPipeline}) and {@link
 * org.grokmeter.experiments.LinearExperiment} ({@code experiment: linear}, one λ through {@link
 * org.grokmeter.experiments.LinearPipeline}). They are found by {@link
 * org.grokmeter.experiment.Experiments} through {@code META-INF/services}; the sweep engine in
 * {@link org.grokmeter.experiment} knows none of them by name.
 */
package org.grokmeter.experiments;
