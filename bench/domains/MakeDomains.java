import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Builds the two image-folder domains that Pupil's defaults are checked on besides Fashion-MNIST
 * (docs/benchmarks.md, "Defaults with few labels"). Each is laid out as torchvision's ImageFolder
 * with splits: {@code OUT/NAME/train/<class>/*.png} (400 per class) and {@code OUT/NAME/test/...}
 * (100 per class). Deterministic for a seed and the installed fonts (the font list is written to
 * {@code OUT/NAME/fonts.txt}).
 *
 * <ul>
 *   <li>{@code glyphs}: gray 36×36, the letters A–J (notMNIST-like) in every Latin TrueType/OpenType
 *       font under /usr/share/fonts, upper or lower case, rotated, scaled, shifted, some inverted,
 *       with noise.
 *   <li>{@code shapes}: RGB 48×64 (height × width), ten outline or filled shapes of random colour,
 *       size, rotation and place over a random two-colour gradient with clutter strokes.
 * </ul>
 *
 * <p>Run: {@code java bench/domains/MakeDomains.java OUT_DIR [seed]} (JDK 17, headless).
 */
public final class MakeDomains {
  static final int TRAIN = 400;
  static final int TEST = 100;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path out = Path.of(args.length > 0 ? args[0] : "domains");
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    glyphs(out.resolve("glyphs"), seed);
    shapes(out.resolve("shapes"), seed);
  }

  static List<Font> fonts(Path listFile) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("/usr/share/fonts"))) {
      files =
          s.filter(p -> p.toString().matches(".*\\.(ttf|otf|TTF|OTF)$"))
              .sorted()
              .collect(Collectors.toList());
    }
    List<Font> fonts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path p : files) {
      try {
        Font f = Font.createFont(Font.TRUETYPE_FONT, p.toFile());
        boolean ok = true;
        for (char c = 'A'; c <= 'J' && ok; c++) {
          ok = f.canDisplay(c) && f.canDisplay(Character.toLowerCase(c));
        }
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ok && !n.contains("symbol") && !n.contains("math") && !n.startsWith("d050000l")
            && !n.contains("emoji")) {
          fonts.add(f);
          names.add(p.toString());
        }
      } catch (Exception e) {
        // not a usable outline font
      }
    }
    Files.createDirectories(listFile.getParent());
    Files.write(listFile, names);
    return fonts;
  }

  static void glyphs(Path root, long seed) throws Exception {
    List<Font> fonts = fonts(root.resolve("fonts.txt"));
    System.out.println("glyphs: " + fonts.size() + " fonts");
    Random rng = new Random(seed);
    int h = 36;
    int w = 36;
    for (int k = 0; k < 10; k++) {
      char letter = (char) ('A' + k);
      for (int i = 0; i < TRAIN + TEST; i++) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        boolean invert = rng.nextDouble() < 0.2;
        int bg = invert ? 200 + rng.nextInt(56) : rng.nextInt(60);
        int fg = invert ? rng.nextInt(80) : 170 + rng.nextInt(86);
        g.setColor(new Color(bg, bg, bg));
        g.fillRect(0, 0, w, h);
        Font f = fonts.get(rng.nextInt(fonts.size()));
        String text = String.valueOf(rng.nextDouble() < 0.3 ? Character.toLowerCase(letter) : letter);
        GlyphVector gv = f.deriveFont(100f).createGlyphVector(new FontRenderContext(null, true, true), text);
        Shape outline = gv.getOutline();
        Rectangle2D b = outline.getBounds2D();
        double scale = (0.55 + 0.4 * rng.nextDouble()) * h / Math.max(b.getWidth(), b.getHeight());
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0 + (rng.nextDouble() - 0.5) * 6, h / 2.0 + (rng.nextDouble() - 0.5) * 6);
        t.rotate(Math.toRadians((rng.nextDouble() - 0.5) * 40));
        t.shear((rng.nextDouble() - 0.5) * 0.3, 0);
        t.scale(scale, scale);
        t.translate(-b.getCenterX(), -b.getCenterY());
        g.setColor(new Color(fg, fg, fg));
        g.fill(t.createTransformedShape(outline));
        g.dispose();
        noise(img, rng, 12);
        write(root, i < TRAIN ? "train" : "test", String.valueOf(letter), i, img);
      }
    }
  }

  static final String[] SHAPES = {
    "circle", "square", "triangle", "star", "cross", "ring", "hexagon", "heart", "arrow", "crescent"
  };

  static Shape shape(String name) {
    switch (name) {
      case "circle":
        return new Ellipse2D.Double(-1, -1, 2, 2);
      case "square":
        return new Rectangle2D.Double(-0.85, -0.85, 1.7, 1.7);
      case "triangle":
        return polygon(3, 1, 1);
      case "star":
        return polygon(5, 1, 0.42);
      case "cross":
        {
          Area a = new Area(new Rectangle2D.Double(-1, -0.3, 2, 0.6));
          a.add(new Area(new Rectangle2D.Double(-0.3, -1, 0.6, 2)));
          return a;
        }
      case "ring":
        {
          Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
          a.subtract(new Area(new Ellipse2D.Double(-0.55, -0.55, 1.1, 1.1)));
          return a;
        }
      case "hexagon":
        return polygon(6, 1, 1);
      case "heart":
        {
          Path2D p = new Path2D.Double();
          p.moveTo(0, 1);
          p.curveTo(-1.6, -0.1, -0.8, -1.3, 0, -0.45);
          p.curveTo(0.8, -1.3, 1.6, -0.1, 0, 1);
          p.closePath();
          return p;
        }
      case "arrow":
        {
          Path2D p = new Path2D.Double();
          p.moveTo(-1, -0.25);
          p.lineTo(0.2, -0.25);
          p.lineTo(0.2, -0.7);
          p.lineTo(1, 0);
          p.lineTo(0.2, 0.7);
          p.lineTo(0.2, 0.25);
          p.lineTo(-1, 0.25);
          p.closePath();
          return p;
        }
      case "crescent":
        {
          Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
          a.subtract(new Area(new Ellipse2D.Double(-0.55, -1.05, 2, 2)));
          return a;
        }
      default:
        throw new IllegalArgumentException(name);
    }
  }

  static Shape polygon(int n, double outer, double inner) {
    Path2D p = new Path2D.Double();
    int points = inner == outer ? n : 2 * n;
    for (int i = 0; i < points; i++) {
      double r = (inner == outer || i % 2 == 0) ? outer : inner;
      double a = -Math.PI / 2 + 2 * Math.PI * i / points;
      if (i == 0) {
        p.moveTo(r * Math.cos(a), r * Math.sin(a));
      } else {
        p.lineTo(r * Math.cos(a), r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  static Color randomColor(Random rng, float minBright) {
    return Color.getHSBColor(
        rng.nextFloat(), 0.3f + 0.7f * rng.nextFloat(), minBright + (1 - minBright) * rng.nextFloat());
  }

  static void shapes(Path root, long seed) throws Exception {
    Random rng = new Random(seed + 1);
    int h = 48;
    int w = 64;
    for (int k = 0; k < SHAPES.length; k++) {
      Shape base = shape(SHAPES[k]);
      for (int i = 0; i < TRAIN + TEST; i++) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(
            new GradientPaint(
                rng.nextInt(w), rng.nextInt(h), randomColor(rng, 0.1f),
                rng.nextInt(w), rng.nextInt(h), randomColor(rng, 0.1f)));
        g.fillRect(0, 0, w, h);
        int clutter = rng.nextInt(4);
        for (int c = 0; c < clutter; c++) {
          g.setColor(randomColor(rng, 0.2f));
          g.setStroke(new BasicStroke(1 + rng.nextFloat() * 2));
          g.drawLine(rng.nextInt(w), rng.nextInt(h), rng.nextInt(w), rng.nextInt(h));
        }
        double size = (0.3 + 0.15 * rng.nextDouble()) * h;
        AffineTransform t = new AffineTransform();
        t.translate(size + rng.nextDouble() * (w - 2 * size), size + rng.nextDouble() * (h - 2 * size));
        t.rotate(rng.nextDouble() * 2 * Math.PI);
        t.scale(size * (0.8 + 0.4 * rng.nextDouble()), size * (0.8 + 0.4 * rng.nextDouble()));
        Shape s = t.createTransformedShape(base);
        g.setColor(randomColor(rng, 0.25f));
        if (rng.nextDouble() < 0.25) {
          g.setStroke(new BasicStroke(2f));
          g.draw(s);
        } else {
          g.fill(s);
        }
        g.dispose();
        noise(img, rng, 10);
        write(root, i < TRAIN ? "train" : "test", SHAPES[k], i, img);
      }
    }
    System.out.println("shapes: done");
  }

  static void noise(BufferedImage img, Random rng, int sd) {
    boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (gray) {
          int v = img.getRaster().getSample(x, y, 0);
          img.getRaster().setSample(x, y, 0, clamp(v + (int) (rng.nextGaussian() * sd)));
          continue;
        }
        int rgb = img.getRGB(x, y);
        int r = clamp(((rgb >> 16) & 255) + (int) (rng.nextGaussian() * sd));
        int gg = clamp(((rgb >> 8) & 255) + (int) (rng.nextGaussian() * sd));
        int b = clamp((rgb & 255) + (int) (rng.nextGaussian() * sd));
        img.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
  }

  static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  static void write(Path root, String split, String cls, int i, BufferedImage img)
      throws IOException {
    Path dir = root.resolve(split).resolve(cls);
    Files.createDirectories(dir);
    ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "%s-%04d.png", cls, i)).toFile());
  }
}
