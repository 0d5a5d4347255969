package org.grokmeter.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast paths of {@link RunsTable} give what the CSV library and {@link Double#parseDouble} give. */
class RunsTableTest {

  @Test
  void parsesEveryDoubleToTheSameBitsAsTheJdk() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double v = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(rnd.nextLong()); // any bit pattern, NaNs and subnormals included
        case 1 -> rnd.nextDouble();
        case 2 -> Math.exp(rnd.nextDouble(-700, 700));
        default -> Math.round(rnd.nextDouble(-1e6, 1e6)) / 1000.0;
      };
      String s = Double.toString(v);
      assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(RunsTable.parseDouble(s)), s);
    }
    for (String s : List.of("NaN", "Infinity", "-Infinity", "1d", "2f", "0x1.8p1", "1e400", "-1e-400", "4.9e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "9007199254740993",
        "0.1000000000000000055511151231257827", "+3", "-0", "00012.5000", ".5", "5.", "1E5")) {
      assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(RunsTable.parseDouble(s)), s);
    }
  }

  @Test
  void rejectsWhatTheJdkRejects() {
    for (String s : List.of("abc", "1,2", "1e", "--1", ".", "e5", "1.2.3", "0x", "1 2", "nan", "inf", "1_000")) {
      assertThrows(NumberFormatException.class, () -> Double.parseDouble(s), s);
      assertThrows(NumberFormatException.class, () -> RunsTable.parseDouble(s), s);
    }
  }

  @Test
  void plainFilesReadAsTheCsvLibraryReadsThem(@TempDir Path dir) throws IOException {
    // without quotes or carriage returns (the fast path) and with them (the library), the same rows
    String plain = "a,b,c\n1,2,3\n,,\n4,5\n\n6,7,8,9\nx,y,z";
    String quoted = "a,b,c\n\"1\",2,3\n,,\n4,5\n\n6,7,8,9\nx,y,z";
    Path p = dir.resolve("plain.csv");
    Path q = dir.resolve("quoted.csv");
    Files.writeString(p, plain, StandardCharsets.UTF_8);
    Files.writeString(q, quoted, StandardCharsets.UTF_8);
    RunsTable a = RunsTable.read(p);
    RunsTable b = RunsTable.read(q);
    assertEquals(b.header(), a.header());
    assertEquals(b.size(), a.size());
    for (int i = 0; i < a.size(); i++) {
      for (String c : a.header()) {
        assertEquals(b.text(i, c), a.text(i, c), "row " + i + ", column " + c);
      }
    }
    Files.writeString(p, plain + "\n", StandardCharsets.UTF_8);
    Files.writeString(q, quoted + "\n", StandardCharsets.UTF_8);
    assertEquals(RunsTable.read(q).size(), RunsTable.read(p).size(), "a final newline ends the last row");
  }
}
