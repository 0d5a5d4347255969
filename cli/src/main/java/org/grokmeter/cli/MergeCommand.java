package org.grokmeter.cli;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.Provenance;
import org.grokmeter.cli.io.Log;
import org.grokmeter.experiment.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grokmeter merge --out DIR SHARD_DIR…}: combines the shard folders of one sweep. */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = {
        "Combine the shard folders of one sweep into one folder, as if it had run in one process.",
        "Checks that all folders belong to the same sweep; reports missing shards, missing runs and runs"
            + " found twice. Exit code 1 when runs are missing or conflict (the merged folder is still"
            + " written and can be completed with the same 'grokmeter sweep ... --out DIR').",
        "Shards of 'grokmeter mlp' or 'grokmeter linear': run the same command with --out DIR (no --shard)"
            + " afterwards; it computes nothing that is there and writes trend.csv and the figures."})
final class MergeCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The merged folder: new or empty,"
      + " or a merged folder of the same sweep, which only grows (its rows are kept; when it holds runs the"
      + " other folders lack, give it as a SHARD_DIR too). Locked while the merge writes, like a sweep's folder.")
  Path out;

  @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "Shard output folders.")
  List<Path> shards;

  @Override
  public Integer call() {
    Merge.Report r;
    try {
      r = Merge.merge(out, shards, Map.of("commit", Provenance.commit(), "jdk", Provenance.jdk(),
          "host", Provenance.host(), "shards", String.valueOf(shards.size())));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("merge into " + out + " failed: " + e.getMessage(), e);
    }
    r.notes().forEach(Log::info);
    if (!r.missingShards().isEmpty()) {
      Log.info("merge: no folder for shard(s) " + r.missingShards());
    }
    if (!r.repeatedShards().isEmpty()) {
      Log.info("merge: shard(s) " + r.repeatedShards() + " given more than once");
    }
    if (!r.duplicated().isEmpty()) {
      Log.info("merge: " + r.duplicated().size() + " run(s) found in more than one folder with identical results"
          + " (kept once)");
    }
    for (String c : r.conflicting()) {
      Log.info("merge: run " + c + " has different results in two folders; kept the first");
    }
    if (!r.missing().isEmpty()) {
      Log.info("merge: " + r.missing().size() + " of " + r.gridSize() + " runs missing, e.g. " + r.missing().get(0)
          + (Log.verbose() ? "" : " (--verbose lists all)"));
      r.missing().forEach(m -> Log.debug("missing: " + m));
    }
    Log.info("merge: " + r.rows() + " of " + r.gridSize() + " runs of sweep " + r.sweepId() + " written to "
        + out.resolve("runs.csv"));
    return r.missing().isEmpty() && r.conflicting().isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
  }
}
