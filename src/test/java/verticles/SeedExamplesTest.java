package verticles;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed documents' own request bodies fit the contract (issue 12, item 13): every example of
 * {@code seed-examples.json} (extracted from shared/seeds, one per seed request body) that a contract
 * operation implements validates against that operation's request schema. Not checked, with the reason:
 * seed 001's course bodies ({@code name}, {@code price}, free-text {@code schedule}) conflict with seed 000 §4.3,
 * which wins (seeds README); seed 003's bodies belong to the services the later issues build (student accounts,
 * email, coursework), whose operations do not exist yet.
 */
class SeedExamplesTest {
  private static final List<String> NOT_OURS = List.of("001 Course Management", "003 ");

  @TestFactory
  Stream<DynamicTest> seedBodiesFitTheContract() throws IOException {
    OpenAPIContract contract = Api.get().contract();
    JsonArray examples;
    try (InputStream in = getClass().getResourceAsStream("/seed-examples.json")) {
      assertNotNull(in, "seed-examples.json");
      examples = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    return examples.stream().map(e -> (JsonObject) e)
      .filter(e -> e.getString("operationId") != null && NOT_OURS.stream().noneMatch(e.getString("seed")::startsWith))
      .map(e -> DynamicTest.dynamicTest(e.getString("seed") + " " + e.getString("method") + " " + e.getString("seed_path"), () -> {
        Operation op = contract.operation(e.getString("operationId"));
        assertNotNull(op, e.getString("operationId"));
        var schema = op.getRequestBody().getContent().get("application/json").getSchema();
        Object body = e.getValue("body");
        if (body instanceof JsonObject json) body = withIds(json);
        OutputUnit result = contract.getSchemaRepository().validator(schema).validate(body);
        assertTrue(Boolean.TRUE.equals(result.getValid()), e.getString("seed") + ": " + result.getErrors());
      }));
  }

  /** Placeholder ids ("<uuid>") become a real-looking UUID, as a client would send. */
  private static JsonObject withIds(JsonObject body) {
    JsonObject copy = body.copy();
    for (String key : copy.fieldNames()) {
      if ("<uuid>".equals(copy.getValue(key))) copy.put(key, "3f2b1c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d");
    }
    return copy;
  }
}
