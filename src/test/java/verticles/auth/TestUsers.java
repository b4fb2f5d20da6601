package verticles.auth;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Mailbox;
import verticles.TestApp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test accounts and logins. Accounts are inserted directly; everything else goes through HTTP. */
public final class TestUsers {
  private TestUsers() {
  }

  /** Inserts an established account (its address verified) and returns its id. */
  public static String create(String role, String email, String password, String status) {
    try (Connection c = TestApp.connection(); PreparedStatement s = c.prepareStatement("""
      INSERT INTO auth.users (email, password_hash, full_name, role, status, email_verified)
      VALUES (?, ?, ?, ?::auth.user_role, ?::auth.user_status, true) RETURNING id""")) {
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

  /** Staff set their password in the console, students on the public page (issue 16). */
  private static final Pattern SET_PASSWORD_LINK =
    Pattern.compile("(\\S+/(?:staff/#token=|#set-password\\?token=)([A-Za-z0-9_-]+))");

  /**
   * The set-password link of the one account-invitation email {@code email} received (waits for its delivery):
   * {@code <public_url>/staff/#token=…}, or {@code <public_url>/#set-password?token=…} for a student.
   */
  public static String invitationLink(String email) {
    return setPasswordLink(email).group(1);
  }

  /** The token of {@link #invitationLink}, for POST /api/auth/set-password. */
  public static String invitationToken(String email) {
    return setPasswordLink(email).group(2);
  }

  private static Matcher setPasswordLink(String email) {
    Mailbox.Mail mail = Mailbox.one(email);
    Matcher link = SET_PASSWORD_LINK.matcher(mail.text());
    assertTrue(link.find(), "no set-password link in the email to " + email + ": " + mail.text());
    return link;
  }

  /**
   * The set-password link of the one invitation among the emails {@code email} receives in a flow that sends others
   * too (an approval), waiting for each on its delivery signal: {link, token}.
   */
  public static String[] invitationAmong(String email) {
    for (int n = 1; ; n++) {
      List<Matcher> links = new ArrayList<>();
      for (Mailbox.Mail mail : Mailbox.await(email, n)) {
        Matcher link = SET_PASSWORD_LINK.matcher(mail.text());
        if (link.find()) links.add(link);
      }
      assertTrue(links.size() <= 1, email + " received " + links.size() + " invitations");
      if (links.size() == 1) return new String[]{links.get(0).group(1), links.get(0).group(2)};
    }
  }

  public static String adminToken() {
    return login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).getString("access_token");
  }
}
