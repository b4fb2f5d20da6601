package verticles.analytics;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** live.dashboard: the overview is published again after a domain event. */
class LiveDashboardTest {
  private static KnownAcademy a;

  @BeforeAll
  static void seed() {
    a = KnownAcademy.seed();
  }

  @Test
  void anApprovalPublishesTheNewFigures() {
    Promise<JsonObject> update = Promise.promise();
    MessageConsumer<JsonObject> live = TestApp.get().vertx().eventBus().consumer("live.dashboard", m -> {
      if (m.body().getJsonObject("figures").getJsonObject("enrollments").getLong("pending") == 0) update.tryComplete(m.body());
    });
    TestApp.await(live.completion());
    try {
      Response approved = Api.get().call("enrollment.approve").path("id", a.e3).token(a.adminToken).send();
      assertEquals(200, approved.status(), approved.toString());
      JsonObject pushed = TestApp.await(update.future());
      assertEquals("enrollment.approved", pushed.getString("event_type"));
      assertNotNull(pushed.getString("updated_at"));
      JsonObject figures = pushed.getJsonObject("figures");
      assertEquals(new JsonObject().put("total", 7).put("pending", 0).put("approved_this_month", 3),
        figures.getJsonObject("enrollments"));
      // the same figures as the operation answers now
      Response now = Api.get().call("analytics.dashboard").token(a.adminToken).send();
      assertEquals(now.data(), figures);
    } finally {
      TestApp.await(live.unregister());
    }
  }
}
