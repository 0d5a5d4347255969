package org.grokmeter;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.Kernels;

/**
 * Where a result came from: every result row or file carries these facts so that numbers from
 * different commits, JDKs, kernel modes and machines are never mixed up silently.
 */
public final class Provenance {

  private static final Properties GIT = loadGit();

  private Provenance() {}

  public static String version() {
    return GIT.getProperty("git.build.version", "unknown");
  }

  /** Abbreviated commit id, with "-dirty" when the build tree had uncommitted changes. */
  public static String commit() {
    String id = GIT.getProperty("git.commit.id.abbrev", "");
    if (id.isEmpty()) {
      return "unknown";
    }
    return "true".equals(GIT.getProperty("git.dirty")) ? id + "-dirty" : id;
  }

  public static String jdk() {
    return Runtime.version().toString();
  }

  public static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The provenance facts as ordered key/value pairs: commit, JDK, kernel mode, vector width,
   * threads (as used by the caller), cores, host.
   */
  public static Map<String, String> describe(int threads) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("version", version());
    m.put("commit", commit());
    m.put("jdk", jdk());
    m.put("vm", System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.version", ""));
    m.put("kernels", Kernels.mode());
    m.put("kernel_reason", KernelProvider.reason());
    m.put("vector_bits", Integer.toString(Kernels.vectorBits()));
    m.put("threads", Integer.toString(threads));
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("host", host());
    return m;
  }

  private static Properties loadGit() {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("git.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no git info (source tarball): provenance says "unknown"
    }
    return p;
  }
}
