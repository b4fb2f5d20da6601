package verticles.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An analytics view as CSV for spreadsheets (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
 * quote or line break; quotes doubled): a header {@code metric,value}, then one row per figure, named by its
 * path in the JSON answer with dots ({@code students.total}). A list row is named by its {@code month} or
 * {@code course_id} when it has one, else by its position from 1 ({@code enrollment_trend.2026-02.count},
 * {@code courses.<course id>.attendance_rate}). A null figure is an empty field.
 */
final class Csv {
  static final String MEDIA_TYPE = "text/csv; charset=utf-8";

  private Csv() {
  }

  static String of(JsonObject data) {
    StringBuilder out = new StringBuilder("metric,value\r\n");
    flatten("", data, out);
    return out.toString();
  }

  private static void flatten(String prefix, Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      for (String key : object.fieldNames()) flatten(prefix + key + ".", object.getValue(key), out);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object item = array.getValue(i);
        String name = String.valueOf(i + 1);
        if (item instanceof JsonObject row) {
          if (row.getValue("month") != null) name = row.getString("month");
          else if (row.getValue("course_id") != null) name = row.getString("course_id");
        }
        flatten(prefix + name + ".", item, out);
      }
    } else {
      String metric = prefix.substring(0, prefix.length() - 1);
      if (metric.endsWith(".month") || metric.endsWith(".course_id")) return; // already the row's name
      out.append(field(metric)).append(',').append(value == null ? "" : field(String.valueOf(value))).append("\r\n");
    }
  }

  static String field(String text) {
    // a leading =, +, - or @ would be run as a formula by spreadsheets; numbers stay as they are
    boolean formula = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+");
    String safe = formula ? "'" + text : text;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }
}
