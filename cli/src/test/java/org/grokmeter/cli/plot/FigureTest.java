package org.grokmeter.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {

  /** A two-panel figure like the paper's examples: a noisy 200 000-point S-curve and its fit. */
  private static Figure sample() {
    int n = 200_000;
    double[] t = new double[n];
    double[] y = new double[n];
    double[] fit = new double[n];
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < n; i++) {
      t[i] = i;
      fit[i] = 0.5 * org.apache.commons.numbers.gamma.Erf.value(2e-5 * (i - 80_000)) + 0.5;
      y[i] = fit[i] + 0.01 * rnd.nextGaussian();
    }
    Figure f = new Figure(2).shareY();
    GrokkingFigures.accuracyPanel(f.panel(), "λ = 1.0804, m = 0.703", "t (gradient-descent steps)", t, y, null, t,
        fit, null);
    f.panel().title("second").x("m").y("R_{abs}", Panel.Scale.LOG)
        .points("runs", new double[] {1, 2, 3, 4}, new double[] {1e-3, 4e-4, 2e-4, 1e-4})
        .marked("did not grok", new double[] {5}, new double[] {8e-5});
    return f;
  }

  @Test
  void writesPngSvgPdfAndCsvSmallAndWithTextAsText(@TempDir Path dir) throws IOException {
    sample().save(dir, "fig");
    byte[] png = Files.readAllBytes(dir.resolve("fig.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
    BufferedImage img = ImageIO.read(dir.resolve("fig.png").toFile());
    // two 3.5 x 2.625 in panels at 150 dpi
    assertEquals(1050, img.getWidth());
    assertEquals(394, img.getHeight());

    String svg = Files.readString(dir.resolve("fig.svg"));
    assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), "an SVG document");
    List<String> texts = texts(svg);
    assertTrue(texts.contains("λ = 1.0804, m = 0.703"), texts.toString());
    assertTrue(texts.contains("t (gradient-descent steps)"), texts.toString());
    assertTrue(texts.contains("1.0") && texts.contains("0.4"), "tick labels as text: " + texts);
    assertTrue(texts.contains("10⁻³") || texts.contains("10⁻⁴"), "log decades as text: " + texts);
    assertTrue(texts.contains("Rabs"), "marked-up label kept as one text element: " + texts);
    assertTrue(svg.contains("stroke-dasharray"), "the fit is dashed");

    byte[] pdf = Files.readAllBytes(dir.resolve("fig.pdf"));
    String pdfText = new String(pdf, StandardCharsets.ISO_8859_1);
    assertTrue(pdfText.startsWith("%PDF-"), "a PDF");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage page = doc.getPage(0);
      assertEquals(1, doc.getNumberOfPages());
      int fonts = 0;
      for (COSName name : page.getResources().getFontNames()) {
        PDFont font = page.getResources().getFont(name);
        assertTrue(font.isEmbedded(), font.getName() + " embedded");
        assertTrue(font.getName().contains("DejaVuSans"), font.getName());
        fonts++;
      }
      assertEquals(1, fonts);
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("λ = 1.0804, m = 0.703"), text);
      assertTrue(text.contains("t (gradient-descent steps)") && text.contains("10⁻³"), text);
    }

    for (String ext : new String[] {"png", "svg", "pdf", "csv"}) {
      long size = Files.size(dir.resolve("fig." + ext));
      assertTrue(size > 1000 && size < 1_000_000, ext + ": " + size + " bytes");
    }
  }

  @Test
  void csvHoldsExactlyThePointsDrawn(@TempDir Path dir) throws IOException {
    Figure f = sample();
    f.save(dir, "fig");
    List<String> rows = Files.readAllLines(dir.resolve("fig.csv"));
    assertEquals("panel,x_name,y_name,series,style,x,y", rows.get(0));
    Figure.Layout layout = f.layout();
    int drawn = 0;
    for (Figure.Placed p : layout.placed()) {
      for (Figure.Drawn d : p.drawn()) {
        drawn += d.x().length;
      }
    }
    assertEquals(drawn, rows.size() - 1);
    // the 200 000-point curve is thinned to what the page shows, the four runs are all there
    long train = rows.stream().filter(r -> r.startsWith("1,t (gradient-descent steps),accuracy,train,line,")).count();
    assertTrue(train > 50 && train < 5000, "thinned curve: " + train + " points");
    assertTrue(rows.contains("2,m,R_abs,runs,points,3.0,2.0E-4"), "round-trip values, label without braces");
    assertTrue(rows.contains("2,m,R_abs,did not grok,marked,5.0,8.0E-5"), "marked runs are in the data");

    // the SVG path of the train curve has as many points as its CSV rows
    String svg = Files.readString(dir.resolve("fig.svg"));
    Matcher m = Pattern.compile("stroke=\"#1f77b4\"[^>]* d=\"([^\"]*)\"").matcher(svg);
    assertTrue(m.find(), "the train curve is one path");
    assertEquals(train, m.group(1).chars().filter(c -> c == 'M' || c == 'L').count());
    assertEquals(1, m.group(1).chars().filter(c -> c == 'M').count(), "one subpath: the dash pattern runs on");
  }

  @Test
  void everyPointOfTheThinnedCurveLiesOnTheDrawnLine() {
    int n = 50_000;
    double[] dx = new double[n];
    double[] dy = new double[n];
    int[] keep = new int[n];
    double[] x0 = new double[n];
    double[] y0 = new double[n];
    for (int i = 0; i < n; i++) {
      dx[i] = x0[i] = 200.0 * i / n;
      dy[i] = y0[i] = 100 / (1 + Math.exp(-(dx[i] - 100) / 8)) + (i % 997 == 0 ? 5 : 0);
      keep[i] = i;
    }
    int m = Figure.thin(dx, dy, keep, n);
    assertTrue(m < 2000, "thinned to " + m);
    // spikes survive: every single-point peak is kept
    for (int i = 0; i < n; i += 997) {
      final int idx = i;
      boolean kept = false;
      for (int k = 0; k < m; k++) {
        kept |= keep[k] == idx;
      }
      assertTrue(kept || i == 0, "spike at " + i);
    }
    // every original point lies within a thinning column's width of the drawn polyline
    int seg = 0;
    for (int i = 0; i < n; i++) {
      while (seg < m - 2 && keep[seg + 1] < i) {
        seg++;
      }
      double ax = dx[seg];
      double ay = dy[seg];
      double bx = dx[seg + 1];
      double by = dy[seg + 1];
      double len = Math.hypot(bx - ax, by - ay);
      double dist = len == 0 ? Math.hypot(x0[i] - ax, y0[i] - ay)
          : Math.abs((bx - ax) * (y0[i] - ay) - (by - ay) * (x0[i] - ax)) / len;
      assertTrue(dist < Figure.THIN_COLUMN * 2, "point " + i + " is " + dist + " pt off the line");
    }
  }

  @Test
  void sameFigureSameBytes(@TempDir Path dir) throws IOException {
    sample().save(dir.resolve("a"), "fig");
    sample().save(dir.resolve("b"), "fig");
    for (String ext : new String[] {"png", "svg", "pdf", "csv"}) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("a/fig." + ext)), Files.readAllBytes(dir.resolve("b/fig." + ext)),
          ext);
    }
  }

  @Test
  void legendOnlyWithTwoOrMoreSeries(@TempDir Path dir) throws IOException {
    Figure one = new Figure(1);
    one.panel().x("m").y("R_{rel}").points("the only series", new double[] {1, 2}, new double[] {3, 4});
    one.save(dir, "one");
    assertFalse(Files.readString(dir.resolve("one.svg")).contains("the only series"));
    Figure two = new Figure(1);
    two.panel().x("m").y("R_{rel}").points("first", new double[] {1, 2}, new double[] {3, 4})
        .fit("second", new double[] {1, 2}, new double[] {3, 4});
    two.save(dir, "two");
    List<String> texts = texts(Files.readString(dir.resolve("two.svg")));
    assertTrue(texts.contains("first") && texts.contains("second"), texts.toString());
  }

  @Test
  void panelsShareTheirAxesWhenAsked() {
    Figure f = new Figure(2).shareX().shareY();
    f.panel().points("a", new double[] {0, 1}, new double[] {0, 1});
    f.panel().points("b", new double[] {0, 10}, new double[] {-5, 0.5});
    Figure.Layout l = f.layout();
    Figure.Placed p0 = l.placed().get(0);
    Figure.Placed p1 = l.placed().get(1);
    assertEquals(p0.xAxis().lo, p1.xAxis().lo);
    assertEquals(p0.xAxis().hi, p1.xAxis().hi);
    assertEquals(p0.yAxis().lo, p1.yAxis().lo);
    assertEquals(p0.yAxis().ticks, p1.yAxis().ticks);
    assertEquals(p0.width(), p1.width(), "same plot area in every cell");
  }

  @Test
  void autoScaleTurnsLogarithmicOnlyBeyondADecade() {
    Figure f = new Figure(2);
    f.panel().y("R", Panel.Scale.AUTO).points("a", new double[] {1, 2, 3}, new double[] {2e-8, 1e-6, 2e-5});
    f.panel().y("R", Panel.Scale.AUTO).points("b", new double[] {1, 2, 3}, new double[] {0.25, 1, 2.4});
    Figure.Layout l = f.layout();
    assertTrue(l.placed().get(0).yAxis().log);
    assertFalse(l.placed().get(1).yAxis().log);
  }

  @Test
  void singleFileSaveTakesItsFormatFromTheExtension(@TempDir Path dir) throws IOException {
    Figure f = new Figure(1);
    f.panel().x("epoch").y("accuracy").line("train", new double[] {0, 1, 2}, new double[] {0.5, 0.7, 1});
    f.save(dir.resolve("sub/plot.pdf"));
    assertTrue(new String(Files.readAllBytes(dir.resolve("sub/plot.pdf")), 0, 5, StandardCharsets.US_ASCII)
        .equals("%PDF-"));
    assertTrue(Files.isRegularFile(dir.resolve("sub/plot.csv")));
    assertFalse(Files.exists(dir.resolve("sub/plot.png")));
    assertThrows(IllegalArgumentException.class, () -> f.save(dir.resolve("plot.jpg")));
  }

  /** The text content of each {@code <text>} element, tspans joined. */
  private static List<String> texts(String svg) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<text[^>]*>(.*?)</text>").matcher(svg);
    while (m.find()) {
      out.add(m.group(1).replaceAll("<[^>]+>", ""));
    }
    return out;
  }
}
