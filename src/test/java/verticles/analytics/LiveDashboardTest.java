package verticles.analytics;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.chat.BridgeClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** live.dashboard: the overview is published again after a domain event, while an admin watches. */
class LiveDashboardTest {
  private static KnownAcademy a;

  @BeforeAll
  static void seed() {
    a = KnownAcademy.seed();
  }

  /**
   * Nobody watching: the approval's event computes nothing (issue 13: the overview's aggregates are not free). An
   * admin who then watches through the bridge gets the current figures at once.
   */
  @Test
  void anApprovalIsComputedOnlyOnceAnAdminWatches() {
    String before = TestApp.metrics(TestApp.config());
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> approvals = TestApp.get().vertx().eventBus()
      .consumer("events.enrollment.approved", m -> event.tryComplete(m.body()));
    TestApp.await(approvals.completion());
    try {
      Response approved = Api.get().call("enrollment.approve").path("id", a.e3).token(a.adminToken).send();
      assertEquals(200, approved.status(), approved.toString());
      // analytics got the event when this consumer did (one publish): it is queued there before the watch below
      TestApp.await(event.future());
    } finally {
      TestApp.await(approvals.unregister());
    }
    try (BridgeClient admin = BridgeClient.connect(TestApp.get().vertx(), TestApp.port())) {
      admin.registered("live.dashboard", a.adminToken);
      // a bridge that starts watching gets the current figures at once
      JsonObject pushed = admin.take(f -> "rec".equals(f.getString("type")) && "live.dashboard".equals(f.getString("address"))
        && f.getJsonObject("body").getJsonObject("figures").getJsonObject("enrollments").getLong("pending") == 0,
        "the figures after the approval").getJsonObject("body");
      assertNotNull(pushed.getString("updated_at"));
      JsonObject figures = pushed.getJsonObject("figures");
      assertEquals(new JsonObject().put("total", 7).put("pending", 0).put("approved_this_month", 3),
        figures.getJsonObject("enrollments"));
      // the same figures as the operation answers now
      Response now = Api.get().call("analytics.dashboard").token(a.adminToken).send();
      assertEquals(now.data(), figures);
    }
    String after = TestApp.metrics(TestApp.config());
    assertTrue(count(after, "unwatched") >= count(before, "unwatched") + 1, "the event found nobody watching");
    assertTrue(count(after, "published") >= count(before, "published") + 1, "computed for the watcher");
  }

  private static double count(String metrics, String outcome) {
    String series = "academy_live_dashboard_total{outcome=\"" + outcome + "\"} ";
    return metrics.lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(series.length())))
      .findFirst().orElse(0);
  }
}
