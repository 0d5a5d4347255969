package org.grokmeter.cli;

import org.grokmeter.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code grokmeter --version}: version, commit, JDK. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
        "grokmeter " + Provenance.version() + " (commit " + Provenance.commit() + ")",
        "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
    };
  }
}
