package verticles;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.Test;
import verticles.bus.Endpoints;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract and the verticles agree: every operation is served, and declared sanely. */
class ContractTest {
  private static final Set<String> ROLES = Set.of("admin", "instructor", "student");

  @Test
  void everyOperationHasAConsumer() {
    var vertx = TestApp.get().vertx();
    List<String> missing = new ArrayList<>();
    for (Operation op : Api.get().contract().operations()) {
      try {
        TestApp.await(vertx.eventBus().request(op.getOperationId(), new JsonObject(),
          new DeliveryOptions().addHeader(Endpoints.PROBE, "1").setSendTimeout(2000)));
      } catch (IllegalStateException e) {
        if (e.getCause() != null && e.getCause().getCause() instanceof ReplyException) missing.add(op.getOperationId());
        else throw e;
      }
    }
    assertEquals(List.of(), missing, "operations without a consumer");
    assertTrue(Api.get().contract().operations().size() >= 5);
  }

  @Test
  void operationIdsNameTheirVerticleAndAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Operation op : Api.get().contract().operations()) {
      String id = op.getOperationId();
      assertTrue(seen.add(id), "duplicate " + id);
      String verticle = id.substring(0, id.indexOf('.'));
      assertTrue(Academy.ROLES.containsKey(verticle) && !verticle.equals("http"), id + " names no domain verticle");
      assertTrue(!id.contains(".internal."), id + " exposes an internal address");
    }
  }

  @Test
  void rolesAreOnlyDeclaredOnSecuredOperations() {
    for (Operation op : Api.get().contract().operations()) {
      Object roles = op.getExtensions().get("x-roles");
      if (roles == null) continue;
      assertTrue(!op.getSecurityRequirements().isEmpty(), op.getOperationId() + " has x-roles but no security");
      for (Object role : (JsonArray) roles) assertTrue(ROLES.contains(role), op.getOperationId() + ": " + role);
    }
  }
}
