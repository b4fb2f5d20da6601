package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The auth verticle's internal addresses, for the other verticles. */
public final class AuthClient extends InternalClient {
  public static final String GET_USER = "auth.internal.getUser", GET_USERS = "auth.internal.getUsers", IS_REVOKED = "auth.internal.isRevoked",
    FIND_OR_CREATE_STUDENT = "auth.internal.findOrCreateStudent";
  /**
   * Published by auth after a revocation is stored (every node hears it; the SockJS bridge drops the
   * registrations of those tokens): {sids: [login session ids], jtis: [access token ids], reason}, reason one
   * of logout | reuse | account | password | role | deleted.
   */
  public static final String REVOKED = "auth.internal.revoked";

  public AuthClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** {id, email, full_name, role, status}; fails 404 {@code AUTH_USER_NOT_FOUND}. */
  public Future<JsonObject> user(String id) {
    return ask(GET_USER, new JsonObject().put("id", id));
  }

  /** {@link #user}, or null when no such user exists. */
  public Future<JsonObject> userOrNull(String id) {
    return orNull(user(id));
  }

  /**
   * Several users at once: {ids} → {users: [{id, email, full_name, role, status}]}, by id here. Ids of no live
   * account (unknown, deleted, not a uuid) are absent.
   */
  public Future<Map<String, JsonObject>> users(Collection<String> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return ask(GET_USERS, new JsonObject().put("ids", ids(ids))).map(reply -> {
      Map<String, JsonObject> byId = new HashMap<>();
      objects(reply.getJsonArray("users")).forEach(user -> byId.put(user.getString("id"), user));
      return byId;
    });
  }

  /** Whether an access token's id or its login session is revoked (asked when Redis cannot say). */
  public Future<Boolean> isRevoked(String jti, String sid) {
    return ask(IS_REVOKED, new JsonObject().put("jti", jti).put("sid", sid)).map(reply -> reply.getBoolean("revoked", true));
  }

  /**
   * The student account of an applicant {email, full_name, wa_number, guardian, language?, approved_by?} → {id, created,
   * invited}: the existing one (unchanged) or one created from the applicant; 409 AUTH_EMAIL_ALREADY_EXISTS for a staff
   * email. A created account (or one without a password whose link expired) is emailed a set-password link in
   * {@code language} ({@code invited}).
   */
  public Future<JsonObject> findOrCreateStudent(JsonObject applicant) {
    return ask(FIND_OR_CREATE_STUDENT, applicant);
  }
}
