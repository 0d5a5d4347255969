package org.grokmeter.cli.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;

/**
 * Several {@link Figure}s as panels of one figure (rows × columns, filled row by row), saved as PNG
 * and SVG — the paper's figures are multi-panel (e.g. m vs R_rel beside m vs R_abs).
 */
public final class FigureGrid {

  private static final double PNG_SCALE = 2.0; // 144 dpi, like Figure's single-panel PNGs

  private FigureGrid() {}

  /** Saves {@code dir/base.png} and {@code dir/base.svg}. */
  public static void saveBoth(List<Figure> panels, int columns, Path dir, String base) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a figure needs at least one panel");
    }
    int rows = (panels.size() + columns - 1) / columns;
    int w = panels.get(0).chart().getWidth();
    int h = panels.get(0).chart().getHeight();
    try {
      Files.createDirectories(dir);
      BufferedImage img = new BufferedImage((int) (columns * w * PNG_SCALE), (int) (rows * h * PNG_SCALE),
          BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.scale(PNG_SCALE, PNG_SCALE);
      paint(g, panels, columns, w, h);
      g.dispose();
      ImageIO.write(img, "png", dir.resolve(base + ".png").toFile());

      VectorGraphics2D vg = new VectorGraphics2D();
      vg.setColor(Color.WHITE);
      vg.fillRect(0, 0, columns * w, rows * h);
      paint(vg, panels, columns, w, h);
      try (OutputStream out = Files.newOutputStream(dir.resolve(base + ".svg"))) {
        new SVGProcessor().getDocument(vg.getCommands(), new PageSize(0, 0, columns * w, rows * h)).writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + dir.resolve(base) + ": " + e.getMessage(), e);
    }
  }

  private static void paint(Graphics2D g, List<Figure> panels, int columns, int w, int h) {
    AffineTransform base = g.getTransform();
    for (int i = 0; i < panels.size(); i++) {
      XYChart chart = panels.get(i).chart();
      g.setTransform(base);
      g.translate((i % columns) * w, (i / columns) * h);
      g.setClip(0, 0, w, h);
      chart.paint(g, w, h);
    }
    g.setTransform(base);
    g.setClip(null);
  }
}
