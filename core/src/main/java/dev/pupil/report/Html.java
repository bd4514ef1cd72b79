package dev.pupil.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A small builder for self-contained HTML pages: headings, paragraphs, tables and PNG images
 * embedded as {@code data:} URIs, with the page's CSS inline, so that the file opens from disk with
 * no server and nothing fetched. Every text passed in is escaped.
 */
public final class Html {
  private static final String STYLE =
      "body{font-family:sans-serif;margin:24px;max-width:1300px;color:#222}"
          + "h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;margin-top:28px}"
          + "h3{font-size:15px}table{border-collapse:collapse;margin:8px 0}"
          + "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}"
          + "th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}"
          + "img{display:block;margin:8px 0;max-width:100%}"
          + "table.kv td{text-align:left}"
          + ".row{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:13px}";

  private final StringBuilder body = new StringBuilder();
  private final String title;
  private int images;

  /**
   * @param title the page title, also its first heading
   */
  public Html(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /**
   * @param text any text
   * @return the text with {@code & < > " '} replaced by entities
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * @param text a section heading
   * @return this
   */
  public Html section(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  /**
   * @param text a sub-heading
   * @return this
   */
  public Html subsection(String text) {
    body.append("<h3>").append(escape(text)).append("</h3>\n");
    return this;
  }

  /**
   * @param text a paragraph
   * @return this
   */
  public Html paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * @param text a paragraph in small grey type
   * @return this
   */
  public Html note(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * A table; the first column is left-aligned (row names), the others right-aligned.
   *
   * @param header column names
   * @param rows cells, each row as long as the header
   * @return this
   */
  public Html table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "table row has " + row.size() + " cells, the header " + header.size());
      }
      body.append("<tr>");
      for (String cell : row) {
        body.append("<td>").append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /**
   * A two-column table of names and values, all left-aligned.
   *
   * @param header the two column names
   * @param values name → value, in order
   * @return this
   */
  public Html pairs(List<String> header, Map<String, String> values) {
    int start = body.length();
    List<List<String>> rows = new ArrayList<>();
    values.forEach((k, v) -> rows.add(List.of(k, v)));
    table(header, rows);
    body.replace(start, start + "<table>".length(), "<table class=\"kv\">");
    return this;
  }

  /** Starts a row of side-by-side images; close it with {@link #endRow()}. */
  public Html startRow() {
    body.append("<div class=\"row\">\n");
    return this;
  }

  /** Ends a row started with {@link #startRow()}. */
  public Html endRow() {
    body.append("</div>\n");
    return this;
  }

  /**
   * Embeds a PNG.
   *
   * @param png the PNG file's bytes
   * @param alt what it shows
   * @return this
   */
  public Html png(byte[] png, String alt) {
    images++;
    body.append("<img alt=\"")
        .append(escape(alt))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png))
        .append("\">\n");
    return this;
  }

  /**
   * Embeds an image as PNG.
   *
   * @param image the image
   * @param alt what it shows
   * @return this
   */
  public Html image(BufferedImage image, String alt) {
    return png(toPng(image), alt);
  }

  /**
   * @return how many images were embedded
   */
  public int imageCount() {
    return images;
  }

  /**
   * @param image an image
   * @return its PNG bytes
   */
  public static byte[] toPng(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * @return the whole page
   */
  @Override
  public String toString() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n<style>"
        + STYLE
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }
}
