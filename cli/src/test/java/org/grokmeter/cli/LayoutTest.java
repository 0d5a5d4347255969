package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The arrows between packages point one way: core knows no CLI, the sweep engine knows no
 * experiment, core's packages form no circle, and neither do the CLI's (commands at the top,
 * reports, figures and I/O below). Reads the sources of this module and of core beside it.
 */
class LayoutTest {

  private static final PackageGraph CORE = PackageGraph.of(Path.of("../core/src/main/java"));
  private static final PackageGraph CLI = PackageGraph.of(Path.of("src/main/java"));

  @Test
  void coreNeverRefersToTheCli() {
    for (String pkg : CORE.packages()) {
      for (String target : CORE.references(pkg)) {
        assertFalse(target.startsWith("org.grokmeter.cli"), pkg + " refers to " + target);
      }
    }
  }

  @Test
  void theSweepEngineKnowsNoExperiment() {
    assertTrue(CORE.packages().contains("org.grokmeter.experiment"), CORE.packages().toString());
    assertFalse(CORE.references("org.grokmeter.experiment").contains("org.grokmeter.experiments"),
        CORE.references("org.grokmeter.experiment").toString());
  }

  @Test
  void theCorePackagesFormNoCycle() {
    assertTrue(CORE.packages().contains("org.grokmeter.experiments"), CORE.packages().toString());
    assertEquals(List.of(), CORE.cycles());
  }

  @Test
  void theCliPackagesFormNoCycle() {
    assertTrue(CLI.packages().contains("org.grokmeter.cli.io"), CLI.packages().toString());
    assertEquals(List.of(), CLI.cycles());
    // below the commands: nothing refers back up to them
    for (String pkg : CLI.packages()) {
      if (!pkg.equals("org.grokmeter.cli")) {
        assertFalse(CLI.references(pkg).contains("org.grokmeter.cli"), pkg + " refers up to org.grokmeter.cli");
      }
    }
  }

  @Test
  void theGraphFindsACycleAndIgnoresComments() {
    PackageGraph g = PackageGraph.ofSources(List.of(
        "package org.grokmeter.a;\nimport org.grokmeter.b.B;\nclass A {}\n",
        "package org.grokmeter.b;\nclass B { org.grokmeter.a.A a; } // org.grokmeter.c.C\n",
        "package org.grokmeter.c;\n/** {@link org.grokmeter.a.A} */\nclass C {\n  org.grokmeter.b.B b;\n"
            + "  char q = '\"';\n  String reflective = \"org.grokmeter.a.A\";\n}\n"));
    assertEquals(Set.of("org.grokmeter.b"), g.references("org.grokmeter.a"));
    assertEquals(Set.of("org.grokmeter.a"), g.references("org.grokmeter.b"));
    assertEquals(Set.of("org.grokmeter.b"), g.references("org.grokmeter.c"));
    assertEquals(List.of(Set.of("org.grokmeter.a", "org.grokmeter.b")), g.cycles());
  }
}
