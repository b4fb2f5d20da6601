package verticles.billing;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fixtures of the billing tests, all through the API: courses, packages, registrations, approvals, and billing's events. */
final class Billing {
  private Billing() {
  }

  /** The first column of the first row, as text. */
  static String string(String sql) {
    try (java.sql.Connection c = TestApp.connection(); java.sql.Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void reset() {
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
  }

  /** An active course at {@code price} rupiah per session; its id. */
  static String course(String admin, String title, long price, int maxStudents) {
    Response r = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject()
      .put("title", title).put("description", "A course for testing invoices").put("level", "beginner")
      .put("instrument", "guitar").put("price_per_session", price).put("duration_minutes", 60)
      .put("max_students", maxStudents).put("is_active", true)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  static JsonObject packageBody(String name, long price, Integer sessions, String... courseIds) {
    JsonObject body = new JsonObject().put("name", name).put("description", "Paket untuk pemula").put("price", price)
      .put("course_ids", new JsonArray(List.of(courseIds)));
    if (sessions != null) body.put("sessions", sessions);
    return body;
  }

  /** A package through the API; its id. */
  static String pkg(String admin, String name, long price, Integer sessions, String... courseIds) {
    Response r = Api.get().call("billing.createPackage").token(admin).body(packageBody(name, price, sessions, courseIds)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  /** A public registration's body (the anonymous form), in Indonesian unless the caller adds a header. */
  static JsonObject registration(String courseId, String email) {
    return new JsonObject().put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", courseId).put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS)
      .put("idempotency_key", "key-" + UUID.randomUUID());
  }

  /** A public registration; its enrollment id. */
  static String registered(String courseId, String email) {
    return registered(registration(courseId, email));
  }

  static String registered(JsonObject body) {
    Response r = Api.get().call("enrollment.register").body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("enrollment_id");
  }

  static Api.Call approve(String admin, String enrollmentId) {
    return Api.get().call("enrollment.approve").path("id", enrollmentId).token(admin);
  }

  /**
   * Billing's events of {@code type} ({@code invoice.issued}, …) published while {@code action} runs and after, until
   * {@code n} arrived: the invoice is issued after the approval committed (the outbox's hand-over), and its event is
   * published after billing's own commit, so waiting for it is waiting for the invoice (no sleep).
   */
  static List<JsonObject> events(String type, int n, Runnable action) {
    return events(type, n, data -> true, action);
  }

  /** {@link #events} counting only the events {@code which} accepts. */
  static List<JsonObject> events(String type, int n, java.util.function.Predicate<JsonObject> which, Runnable action) {
    List<JsonObject> seen = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> all = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus().consumer("events." + type, m -> {
      JsonObject data = m.body().getJsonObject("data");
      if (!which.test(data)) return;
      seen.add(data);
      if (seen.size() >= n) all.tryComplete();
    });
    try {
      TestApp.await(consumer.completion());
      action.run();
      TestApp.await(all.future());
      return new ArrayList<>(seen);
    } finally {
      consumer.unregister();
    }
  }

  /** Approves the registration and waits for its invoice; → the invoice.issued event's data. */
  static JsonObject approvedWithInvoice(String admin, String enrollmentId, JsonObject approval) {
    return events("invoice.issued", 1, data -> enrollmentId.equals(data.getString("enrollment_id")), () -> {
      Api.Call call = approve(admin, enrollmentId);
      if (approval != null) call.body(approval);
      Response r = call.send();
      assertEquals(200, r.status(), r.toString());
    }).get(0);
  }
}
