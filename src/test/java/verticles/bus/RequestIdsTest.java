package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An internal bus call made while handling a request carries that request's id (issue 12, item 7). */
class RequestIdsTest {

  @Test
  void internalCallsCarryTheRequestId() {
    Vertx vertx = TestApp.get().vertx();
    Endpoints endpoints = new Endpoints(vertx);
    // the inner hop answers with the request id it was given; the outer one asks it, as a verticle asks another
    endpoints.internalWithHeaders("test.requestIds.inner",
        (headers, body) -> Future.succeededFuture(new JsonObject().put("seen", headers.getString(RequestIds.HEADER))))
      .on("test.requestIds.outer", req -> vertx.eventBus().<JsonObject>request("test.requestIds.inner", new JsonObject())
        .map(reply -> new Reply(200, reply.body(), null)));
    try {
      TestApp.await(endpoints.ready());
      Reply answer = TestApp.await(vertx.eventBus().<Reply>request("test.requestIds.outer",
        new BusRequest(new JsonObject().put(BusRequest.REQUEST_ID, "trace-42")))).body();
      assertEquals("trace-42", ((JsonObject) answer.data()).getString("seen"));
    } finally {
      TestApp.await(endpoints.drain());
    }
  }
}
