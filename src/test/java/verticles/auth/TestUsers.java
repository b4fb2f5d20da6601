package verticles.auth;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.TestApp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test accounts and logins. Accounts are inserted directly; everything else goes through HTTP. */
public final class TestUsers {
  private TestUsers() {
  }

  /** Inserts an account and returns its id. */
  public static String create(String role, String email, String password, String status) {
    try (Connection c = TestApp.connection(); PreparedStatement s = c.prepareStatement("""
      INSERT INTO auth.users (email, password_hash, full_name, role, status)
      VALUES (?, ?, ?, ?::auth.user_role, ?::auth.user_status) RETURNING id""")) {
      s.setString(1, email);
      s.setString(2, password == null ? null : Passwords.hash(password));
      s.setString(3, "Test " + role);
      s.setString(4, role);
      s.setString(5, status);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Logs in through the API and returns data.tokens. */
  public static JsonObject login(String email, String password) {
    Api.Response response = Api.get().call("auth.login")
      .body(new JsonObject().put("email", email).put("password", password)).send();
    assertEquals(200, response.status(), response.toString());
    return response.data().getJsonObject("tokens");
  }

  public static String adminToken() {
    return login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).getString("access_token");
  }
}
