package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Account invitations (issues 15 and 16): for an account without a password, a one-time set-password token (256 bits,
 * only its SHA-256 stored, {@value #TTL_HOURS} h, single use) and the {@code account-invitation} email with the link,
 * both written in the caller's transaction (the email as a row of auth's outbox), so an account and its invitation
 * commit or roll back together; the caller flushes the outbox after commit. The link's page sets the password with
 * {@code POST /api/auth/set-password}: the staff console for staff ({@code <public_url>/staff/#token=…}), the public
 * page for students ({@code <public_url>/#set-password?token=…}). The token rides in the URL fragment, which browsers
 * never send to a server, so it stays out of access logs, proxies and {@code Referer} headers.
 */
final class Invitations {
  static final int TTL_HOURS = 72;
  static final String TEMPLATE = "account-invitation";

  /** Who is invited: the account, its address and name, its role (which page the link opens), the email's language. */
  record Invitee(UUID id, String email, String name, String role, String language) {
  }

  private final String publicUrl;

  /** {@code publicUrl}: where people reach the academy ({@code Config.publicUrl}). */
  Invitations(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  /** Invites one account in the caller's transaction; → until when the link works (ISO-8601). */
  Future<String> invite(SqlConnection conn, Invitee invitee, String triggeredBy) {
    return invite(conn, List.of(invitee), triggeredBy, false);
  }

  /**
   * Invites several accounts in the caller's transaction, in two round trips (tokens, emails); → until when the links
   * work (one instant: {@code now()} is the transaction's start), null when there is nobody to invite. {@code bulk}: the
   * emails wait behind every other email ({@link NotifyClient#bulk}; an import's thousands).
   */
  Future<String> invite(SqlConnection conn, List<Invitee> invitees, String triggeredBy, boolean bulk) {
    if (invitees.isEmpty()) return Future.succeededFuture(null);
    List<String> tokens = new ArrayList<>(invitees.size());
    List<Tuple> rows = new ArrayList<>(invitees.size());
    for (Invitee invitee : invitees) {
      String token = PasswordTokens.newToken();
      tokens.add(token);
      rows.add(Tuple.of(Tokens.hash(token), invitee.id(), TTL_HOURS, PasswordTokens.SET_PASSWORD));
    }
    return conn.preparedQuery(AuthSql.INSERT_TOKEN).executeBatch(rows).compose(inserted -> {
      String expiresAt = Iso.of(inserted.iterator().next().getOffsetDateTime("expires_at"));
      List<JsonObject> emails = new ArrayList<>(invitees.size());
      for (int i = 0; i < invitees.size(); i++) {
        JsonObject email = email(invitees.get(i), tokens.get(i), expiresAt);
        emails.add(bulk ? NotifyClient.bulk(email) : email);
      }
      return Outbox.emails(conn, "auth", emails, triggeredBy).map(expiresAt);
    });
  }

  private JsonObject email(Invitee invitee, String token, String expiresAt) {
    return NotifyClient.email(TEMPLATE, invitee.email(), invitee.language(), new JsonObject()
      .put("name", invitee.name())
      .put("role", invitee.role())
      .put("set_password_url", link(invitee.role(), token))
      .put("token", token)
      .put("expires_at", expiresAt));
  }

  /** The set-password page of a role: students have no place in the staff console. */
  private String link(String role, String token) {
    return publicUrl + (role.equals("student") ? "/#set-password?token=" : "/staff/#token=") + token;
  }
}
