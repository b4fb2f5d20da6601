package verticles.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {
  @Test
  void fieldsAreQuotedAndFormulasDefused() {
    assertEquals("plain", Csv.field("plain"));
    assertEquals("\"a,b\"", Csv.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
    assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
    assertEquals("'=HYPERLINK(1)", Csv.field("=HYPERLINK(1)"));
    assertEquals("\"'=SUM(A1,A2)\"", Csv.field("=SUM(A1,A2)"));
    assertEquals("-12.5", Csv.field("-12.5"));
  }

  @Test
  void nestedFiguresBecomeDottedRowsAndNullsEmptyFields() {
    JsonObject data = new JsonObject().put("a", new JsonObject().put("b", 1).putNull("c"))
      .put("list", new JsonArray().add(new JsonObject().put("x", "y")).add(7))
      .put("trend", new JsonArray().add(new JsonObject().put("month", "2026-02").put("count", 3)));
    assertEquals("metric,value\r\na.b,1\r\na.c,\r\nlist.1.x,y\r\nlist.2,7\r\ntrend.2026-02.count,3\r\n", Csv.of(data));
  }
}
