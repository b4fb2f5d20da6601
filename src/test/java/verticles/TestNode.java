package verticles;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An extra academy node for one test, beside the shared {@link TestApp}: free ports, its own data dir, the
 * given ACADEMY_* settings on top of the test defaults ({@link TestApp#config}). Stopped when closed, so
 * tests hold it in try-with-resources (several resources close in reverse order: declare the router last).
 */
public final class TestNode implements AutoCloseable {
  private final Academy academy;
  private final JsonObject config;
  private final Api api;

  private TestNode(Academy academy, JsonObject config) {
    this.academy = academy;
    this.config = config;
    this.api = Api.at(academy.vertx(), port());
  }

  public static TestNode start(Path dataDir, Map<String, String> env) throws Exception {
    JsonObject config = TestApp.config(dataDir, env);
    return new TestNode(Academy.start(config), config);
  }

  /** A copy of the settings that deploys only these roles. */
  public static Map<String, String> withRoles(Map<String, String> env, String roles) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put("ACADEMY_ROLES", roles);
    return copy;
  }

  public Academy academy() {
    return academy;
  }

  public Vertx vertx() {
    return academy.vertx();
  }

  public JsonObject config() {
    return config;
  }

  public int port() {
    return config.getJsonObject("http").getInteger("port");
  }

  /** A contract-checked client of this node's router. */
  public Api api() {
    return api;
  }

  /** An access token of the test admin, logged in through this node. */
  public String adminToken() {
    Api.Response r = api.call("auth.login")
      .body(new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD)).send();
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonObject("tokens").getString("access_token");
  }

  @Override
  public void close() {
    academy.stop();
  }
}
