package verticles.notify;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.TestApp;
import verticles.TestNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed's email requests (seed 003 §3.2.1), sending them through a node's API, and a node's own database. */
final class EmailFixtures {
  private EmailFixtures() {
  }

  /** The seed's payment-confirmation body, word for word, to {@code to}. */
  static JsonObject payment(String to) {
    return new JsonObject().put("email", to).put("username", "User Name").put("courseName", "Web Development")
      .put("amount", "Rp 250.000,00").put("transactionId", "75c2d819-7a8d-4ce7-ac19-bba55efd2b72").put("date", "11 Mei 2025");
  }

  /** The seed's enrollment-confirmation body, word for word, to {@code to}. */
  static JsonObject enrollment(String to) {
    return new JsonObject().put("email", to).put("username", "User Name").put("courseName", "Game Development")
      .put("packageName", "Paket Entry").put("price", 250000).put("paymentId", "fc05869b-72b2-4b55-b749-29ff64b1f28c")
      .put("date", "11 Mei 2025");
  }

  /** Queues a payment confirmation to {@code to} as the admin of {@code api}'s node; its message id. */
  static String queue(Api api, String admin, String to) {
    Api.Response r = api.call("notify.sendPaymentConfirmation").token(admin).body(payment(to)).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getString("message_id");
  }

  /** An access token of the test admin on {@code api}'s node. */
  static String admin(Api api) {
    Api.Response r = api.call("auth.login")
      .body(new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD)).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("tokens").getString("access_token");
  }

  /** The message's status as the API reports it (admin). */
  static JsonObject status(Api api, String admin, String id) {
    Api.Response r = api.call("notify.getStatus").token(admin).path("messageId", id).send();
    assertEquals(200, r.status(), r.toString());
    return r.data();
  }

  /** Settings for another node on {@code node}'s database, Redis and JWT key (as {@link TestApp#sharedEnv}). */
  static Map<String, String> sharing(TestNode node) {
    JsonObject db = node.config().getJsonObject("database");
    Map<String, String> env = new HashMap<>();
    env.put("ACADEMY_DATABASE_HOST", db.getString("host"));
    env.put("ACADEMY_DATABASE_PORT", db.getInteger("port").toString());
    env.put("ACADEMY_DATABASE_USER", db.getString("user"));
    env.put("ACADEMY_DATABASE_PASSWORD", db.getString("password"));
    env.put("ACADEMY_REDIS_URL", node.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_JWT_SECRET", node.config().getJsonObject("jwt").getString("secret"));
    return env;
  }

  /** The rows {@code sql} (with {@code ?} parameters) finds in the database of a node's configuration, as maps. */
  static List<Map<String, Object>> rows(JsonObject config, String sql, Object... parameters) {
    try (Connection c = connection(config); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) s.setObject(i + 1, parameters[i]);
      List<Map<String, Object>> rows = new ArrayList<>();
      if (!s.execute()) return rows;
      try (ResultSet rs = s.getResultSet()) {
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDBC connection to the database of a node's configuration (on the test thread). */
  static Connection connection(JsonObject config) throws SQLException {
    JsonObject db = config.getJsonObject("database");
    return DriverManager.getConnection("jdbc:postgresql://" + db.getString("host") + ":" + db.getInteger("port")
      + "/" + db.getString("name"), db.getString("user"), db.getString("password"));
  }

  /** The one number {@code sql} answers. */
  static long number(JsonObject config, String sql, Object... parameters) {
    return ((Number) rows(config, sql, parameters).get(0).values().iterator().next()).longValue();
  }
}
