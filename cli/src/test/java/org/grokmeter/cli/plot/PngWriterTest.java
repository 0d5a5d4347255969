package org.grokmeter.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link PngWriter}'s files decode (with ImageIO's independent reader) to exactly the pixels encoded. */
class PngWriterTest {

  private static int[] roundTrip(BufferedImage image) throws IOException {
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PngWriter.write(pixels, 0, image.getWidth(), image.getWidth(), image.getHeight(), out);
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(image.getWidth(), back.getWidth());
    assertEquals(image.getHeight(), back.getHeight());
    return back.getRGB(0, 0, back.getWidth(), back.getHeight(), null, 0, back.getWidth());
  }

  private static int[] rgb(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  @Test
  void antialiasedDrawingRoundTrips() throws IOException {
    // a figure's kind of raster: white, with anti-aliased lines that change some rows and not others
    BufferedImage image = new BufferedImage(333, 201, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 333, 201);
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(new Color(0x1f77b4));
    g.drawLine(3, 190, 330, 7);
    g.setColor(Color.BLACK);
    g.drawRect(20, 20, 290, 160);
    g.drawString("R_rel 10⁻³", 40, 100);
    g.dispose();
    assertArrayEquals(rgb(image), roundTrip(image));
  }

  @Test
  void noiseAndEdgeColumnsRoundTrip() throws IOException {
    // every byte value, differences at the first and last column, identical and all-different rows
    SplittableRandom rnd = new SplittableRandom(3);
    for (int[] size : new int[][] {{1, 1}, {1, 7}, {7, 1}, {64, 33}}) {
      BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size[1]; y++) {
        for (int x = 0; x < size[0]; x++) {
          int v = switch (y % 4) {
            case 0 -> rnd.nextInt(1 << 24);
            case 1 -> 0xffffff;
            case 2 -> x == 0 || x == size[0] - 1 ? rnd.nextInt(1 << 24) : 0xffffff;
            default -> 0x000000;
          };
          image.setRGB(x, y, v);
        }
      }
      assertArrayEquals(rgb(image), roundTrip(image), size[0] + " x " + size[1]);
    }
  }
}
