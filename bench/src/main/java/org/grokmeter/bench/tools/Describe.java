package org.grokmeter.bench.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.grokmeter.Provenance;

/**
 * {@code Describe [key=value…]}: the provenance sidecar {@code bench/run} writes next to each JMH
 * result — grokmeter's own provenance (commit, JDK, kernel mode, vector width, cores) plus the CPU
 * model, OS kernel and the date, and whatever the script adds as {@code key=value} (dirty flag, preset,
 * load average, JMH options). JSON on stdout.
 *
 * <p>Run it with the same JVM options as the benchmark forks, so the kernel mode it reports is the
 * one {@code Kernels.IMPL} chooses there.
 */
public final class Describe {

  private Describe() {}

  public static void main(String[] args) throws IOException {
    ObjectNode o = ResultFile.JSON.createObjectNode();
    Map<String, String> facts = Provenance.describe(1);
    facts.remove("threads");
    facts.forEach(o::put);
    o.put("cpu", cpuModel().orElse(System.getProperty("os.arch")));
    o.put("os_kernel", System.getProperty("os.version"));
    o.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("describe: expected key=value, got '" + a + "'");
        System.exit(2);
      }
      o.put(a.substring(0, eq), a.substring(eq + 1));
    }
    System.out.println(ResultFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
  }

  static Optional<String> cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try {
      return Files.readAllLines(cpuinfo).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
