package verticles.chat;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chat test helpers: clean data, staff accounts, courses and sessions through the API. */
final class Chats {
  static final String PASSWORD = "Chat-Staff-Pass-42";

  private Chats() {
  }

  /** Empties the chat, the catalog and the accounts (but the first admin). */
  static void reset() {
    TestApp.sql("TRUNCATE chat.sessions, chat.messages CASCADE");
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
    TestApp.retireCatalogCache();
  }

  /** An account of the role, logged in: {id, token}. */
  static Account account(String role, String email) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    return new Account(id, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  record Account(String id, String token) {
  }

  /** A guest's session: {session_id, chat_token, …}; it speaks Indonesian (no Accept-Language). */
  static JsonObject guestSession(Api api, String name, String email) {
    return guestSession(api, name, email, null);
  }

  /**
   * A guest's session started with {@code acceptLanguage} (null: none sent): {session_id, chat_token, session, …}. The
   * session speaks that language (issue 20: its notices, close reasons and the assistant's answers).
   */
  static JsonObject guestSession(Api api, String name, String email, String acceptLanguage) {
    Api.Call call = api.call("chat.createSession")
      .body(new JsonObject().put("name", name).put("email", email).put("topic", "Courses"));
    if (acceptLanguage != null) call.header("Accept-Language", acceptLanguage);
    Response r = call.send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static JsonObject guestSession(String name, String email) {
    return guestSession(Api.get(), name, email);
  }

  /** A course through the catalog API (as the admin). */
  static String course(String adminToken, String title, String level, String instrument, long price, String description) {
    Response r = Api.get().call("catalog.createCourse").token(adminToken).body(new JsonObject()
      .put("title", title).put("description", description).put("level", level).put("instrument", instrument)
      .put("price_per_session", price).put("duration_minutes", 60).put("max_students", 6)).send();
    assertEquals(201, r.status(), r.toString());
    // the catalog caches reads: a new course retires them itself
    return r.data().getString("id");
  }
}
