package verticles.auth;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers of the student-account tests (issue 16): registration bodies, the links the account emails carry, counts. */
final class AccountFlows {
  static final String PASSWORD = "Gamelan-Raya-739", NEW_PASSWORD = "Angklung-Pelangi-582";

  private AccountFlows() {
  }

  /** A self-registration body with a captcha the test verifier accepts; {@code nim} may be null. */
  static JsonObject registration(String name, String email, String type, String nim) {
    JsonObject body = new JsonObject().put("name", name).put("email", email).put("password", PASSWORD).put("type", type)
      .put("captcha_token", TestApp.CAPTCHA_PASS);
    return nim == null ? body : body.put("nim", nim);
  }

  static Response register(JsonObject body) {
    return Api.get().call("auth.register").body(body).send();
  }

  static Response forgot(String email) {
    return Api.get().call("auth.forgotPassword").body(new JsonObject().put("email", email)).send();
  }

  static Response me(String accessToken) {
    return Api.get().call("auth.me").token(accessToken).send();
  }

  static Response login(String operation, String email, String password) {
    return Api.get().call(operation).body(new JsonObject().put("email", email).put("password", password)).send();
  }

  static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  /** The field the first {@code details.fields} entry names. */
  static String field(Response r) {
    return r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field");
  }

  /**
   * The {@code nth} (from 1, oldest first) link {@code <public_url>/#<kind>=<token>} emailed to {@code to}, waiting for
   * it on delivery signals while other emails of the address arrive in any order: {link, token}.
   */
  static Matcher link(String to, String kind, int nth) {
    Pattern pattern = Pattern.compile("(http\\S+/#" + kind + "=([A-Za-z0-9_-]+))");
    for (int n = 1; ; n++) {
      List<Matcher> links = Mailbox.await(to, n).stream().map(mail -> pattern.matcher(mail.text()))
        .filter(Matcher::find).toList();
      if (links.size() >= nth) {
        Matcher link = links.get(nth - 1);
        assertTrue(link.group(1).startsWith(TestApp.config().getString("public_url") + "/#" + kind + "="), link.group(1));
        return link;
      }
    }
  }

  /** The token of the {@code nth} link of {@code kind} ({@code verify}, {@code reset}) emailed to {@code to}. */
  static String token(String to, String kind, int nth) {
    return link(to, kind, nth).group(2);
  }

  /** The emails of {@code template} to {@code to} written to auth's outbox (the answer came after the commit). */
  static long outboxEmails(String to, String template) {
    return count("SELECT count(*) FROM auth.outbox WHERE event_type = 'email' AND data->>'to' = '" + to
      + "' AND data->>'template' = '" + template + "'");
  }

}
