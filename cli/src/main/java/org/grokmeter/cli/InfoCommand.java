package org.grokmeter.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.Provenance;
import org.grokmeter.kernels.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code grokmeter info}: what this machine and JDK give grokmeter. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Print JDK, kernel implementation, vector width and cores.")
final class InfoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> facts = Provenance.describe(Runtime.getRuntime().availableProcessors());
    out.println("grokmeter " + facts.get("version") + " (commit " + facts.get("commit") + ")");
    out.println("JDK:          " + facts.get("jdk") + " (" + facts.get("vm").strip() + ")");
    out.println("kernels:      " + Kernels.IMPL.description() + " [" + facts.get("kernels") + "]");
    out.println("chosen:       " + facts.get("kernel_reason"));
    out.println("vector width: " + facts.get("vector_bits") + " bits (" + Kernels.IMPL.floatLanes()
        + " floats, " + Kernels.IMPL.doubleLanes() + " doubles)");
    out.println("cores:        " + facts.get("cores"));
    out.println("os:           " + facts.get("os"));
    out.flush();
    return Main.EXIT_OK;
  }
}
