package org.grokmeter.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.grokmeter.fit.CoverageStudy;
import org.grokmeter.fit.ErrorModel;

/**
 * The full-size coverage study of docs/fitting.md ("Coverage"): for every case of
 * {@link CoverageStudy#cases} (binomial and AR(1) noise, φ 0.7–0.98, four shapes, a and b fixed and
 * free; 3000 epochs) and both error models, the fraction of converged replicates whose 95% interval
 * holds the true value, as a Markdown table.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.grokmeter.bench.FitCoverage [REPLICATES [SEED]]</pre>
 * Defaults: 200 replicates per case, seed 1 (deterministic). About 3 minutes per error model on one
 * core.
 */
public final class FitCoverage {

  private FitCoverage() {}

  public static void main(String[] args) {
    int replicates = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    for (ErrorModel errors : ErrorModel.values()) {
      List<CoverageStudy.Result> results = new ArrayList<>();
      Set<String> quantities = new LinkedHashSet<>();
      for (CoverageStudy.Case c : CoverageStudy.cases(3000)) {
        CoverageStudy.Result r = CoverageStudy.run(c, replicates, seed, errors);
        results.add(r);
        quantities.addAll(r.coverage().keySet());
      }
      System.out.printf(Locale.ROOT, "%nErrors `%s`, %d replicates per case, seed %d: coverage of 95%% intervals%n%n",
          errors.token(), replicates, seed);
      StringBuilder head = new StringBuilder("| case | converged |");
      StringBuilder rule = new StringBuilder("|---|--:|");
      for (String q : quantities) {
        head.append(' ').append(q).append(" |");
        rule.append("--:|");
      }
      System.out.println(head);
      System.out.println(rule);
      for (CoverageStudy.Result r : results) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d/%d |", r.c().label(),
            r.converged(), r.replicates()));
        Map<String, Double> cov = r.coverage();
        for (String q : quantities) {
          Double v = cov.get(q);
          line.append(v == null ? " |" : String.format(Locale.ROOT, " %.0f%% |", 100 * v));
        }
        System.out.println(line);
      }
    }
  }
}
