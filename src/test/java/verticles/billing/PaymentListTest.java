package verticles.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.billing.PaymentFixtures.Invoice;
import verticles.billing.PaymentFixtures.Student;
import verticles.chat.BridgeClient;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, "staff see who paid": the admin's payment list with its filters and totals, refunded payments flagged and
 * not counted, and the live dashboard's revenue after a payment ({@code payment.received}).
 */
class PaymentListTest {
  String admin, piano, guitar;
  Student ani, budi;
  Invoice aniPiano, budiGuitar;

  @BeforeEach
  void reset() {
    Billing.reset();
    FakeGateway.mode(FakeGateway.Mode.OK);
    admin = TestUsers.adminToken();
    piano = Billing.course(admin, "Piano", 250_000, 20);
    guitar = Billing.course(admin, "Gitar", 100_000, 20);
    ani = PaymentFixtures.student("ani@list.test");
    budi = PaymentFixtures.student("budi@list.test");
    aniPiano = PaymentFixtures.invoice(admin, piano, ani);
    budiGuitar = PaymentFixtures.invoice(admin, guitar, budi);
    // Ani's invoice was issued in January, so her transfer may be dated then (a transfer is bounded by its invoice)
    TestApp.sql("UPDATE billing.invoices SET issued_at = '2026-01-05T00:00:00Z' WHERE id = '" + aniPiano.id() + "'");
  }

  private static Response list(String token, String... query) {
    Api.Call call = Api.get().call("billing.listPayments").token(token);
    for (int i = 0; i < query.length; i += 2) call.query(query[i], query[i + 1]);
    return call.send();
  }

  @Test
  void adminsSeeWhoPaidWithFiltersAndTotals() {
    // Ani by transfer on 10 January (academy time), Budi through the gateway now
    PaymentFixtures.awaitPayment(aniPiano.id(), () -> {
      assertEquals(201, PaymentFixtures.submitProof(ani.token(), aniPiano.id(),
        PaymentFixtures.proof(1_000_000, "2026-01-10T10:00:00")).status());
      assertEquals(200, PaymentFixtures.confirm(admin, aniPiano.id()).status());
    });
    String orderId = PaymentFixtures.orderId(budi, budiGuitar);
    PaymentFixtures.awaitPayment(budiGuitar.id(), () -> assertEquals("paid", PaymentFixtures.notify(
      FakeGateway.notification(orderId, "settlement", "400000.00", "tx-budi")).data().getString("outcome")));

    JsonObject all = list(admin).data();
    assertEquals(new JsonObject().put("count", 2).put("amount", 1_400_000), all.getJsonObject("totals"));
    JsonArray payments = all.getJsonArray("payments");
    assertEquals("budi@list.test", payments.getJsonObject(0).getJsonObject("student").getString("email")); // newest first
    JsonObject transfer = payments.getJsonObject(1);
    assertEquals("bank_transfer", transfer.getString("method"));
    assertEquals(aniPiano.number(), transfer.getString("invoice_number"));
    assertEquals("2026-01-10T03:00:00Z", transfer.getString("paid_at"));
    assertEquals(piano, transfer.getString("course_id"));

    assertEquals(1, list(admin, "method", "gateway").data().getJsonArray("payments").size());
    assertEquals("tx-budi", list(admin, "method", "gateway").data().getJsonArray("payments").getJsonObject(0)
      .getString("transaction_id"));
    assertEquals(aniPiano.id(), list(admin, "student_id", ani.id()).data().getJsonArray("payments").getJsonObject(0)
      .getString("invoice_id"));
    assertEquals(budiGuitar.id(), list(admin, "course_id", guitar).data().getJsonArray("payments").getJsonObject(0)
      .getString("invoice_id"));
    JsonObject january = list(admin, "from", "2026-01-10", "to", "2026-01-10").data();
    assertEquals(new JsonObject().put("count", 1).put("amount", 1_000_000), january.getJsonObject("totals"));
    assertEquals(0, list(admin, "from", "2026-01-11", "to", "2026-01-31").data().getJsonArray("payments").size());
    assertEquals(1, list(admin, "limit", "1", "page", "2").data().getJsonArray("payments").size());

    PaymentFixtures.refund(aniPiano.id());
    JsonObject after = list(admin).data();
    assertEquals(new JsonObject().put("count", 1).put("amount", 400_000), after.getJsonObject("totals"));
    assertTrue(after.getJsonArray("payments").getJsonObject(1).getBoolean("refunded"));
    assertEquals(2, after.getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void onlyAdminsListPaymentsAndBadFiltersAre400() {
    assertEquals(403, list(ani.token()).status());
    TestUsers.create("instructor", "guru@list.test", PaymentFixtures.PASSWORD, "active");
    assertEquals(403, list(TestUsers.login("guru@list.test", PaymentFixtures.PASSWORD).getString("access_token")).status());
    assertEquals(401, Api.get().call("billing.listPayments").send().status());
    Response reversed = list(admin, "from", "2026-02-01", "to", "2026-01-01");
    assertEquals(400, reversed.status());
    assertEquals("from", reversed.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    assertEquals(400, list(admin, "method", "cash").status());
    assertEquals(400, list(admin, "to", "2026-02-30").status());
    assertEquals(400, list(admin, "student_id", "nobody").status());
  }

  @Test
  void aPaymentPublishesTheLiveDashboardWithItsRevenue() {
    try (BridgeClient watcher = BridgeClient.connect(TestApp.get().vertx(), TestApp.port())) {
      watcher.registered("live.dashboard", admin);
      String orderId = PaymentFixtures.orderId(budi, budiGuitar);
      assertEquals("paid", PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "400000.00", "tx-live"))
        .data().getString("outcome"));
      JsonObject update = watcher.take(f -> "rec".equals(f.getString("type")) && "live.dashboard".equals(f.getString("address"))
        && f.getJsonObject("body").getJsonObject("figures").getJsonObject("revenue").getLong("total") > 0, "the payment's live update");
      JsonObject revenue = update.getJsonObject("body").getJsonObject("figures").getJsonObject("revenue");
      assertEquals(new JsonObject().put("total", 400_000).put("this_month", 400_000), revenue);
      JsonObject dashboard = Api.get().call("analytics.dashboard").token(admin).send().data();
      assertEquals(revenue, dashboard.getJsonObject("revenue"));
    }
  }
}
