package verticles.auth;

import verticles.bus.CacheVersions;
import verticles.bus.EnrollmentClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Outbox;
import verticles.bus.Page;
import verticles.bus.Phones;
import verticles.bus.Reply;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * User management (seed §3): lists, profiles, instructor accounts with set-password links, role
 * changes and deletion. Object-level rules live here: an instructor sees only their own students, a
 * user sees themself, and the academy never loses its last admin.
 */
final class Users {
  private final Vertx vertx;
  private final Pool db;
  private final Revocations revocations;
  private final Events events;
  private final Outbox outbox;
  private final Invitations invitations;
  private final EnrollmentClient enrollment;
  private final PasswordTokens passwordTokens;

  Users(Vertx vertx, Pool db, Revocations revocations, Events events, Outbox outbox, Invitations invitations,
        DeliveryOptions ask) {
    this.vertx = vertx;
    this.db = db;
    this.revocations = revocations;
    this.events = events;
    this.outbox = outbox;
    this.invitations = invitations;
    this.enrollment = new EnrollmentClient(vertx, ask);
    this.passwordTokens = new PasswordTokens(vertx, db, revocations);
  }

  // --- lists ------------------------------------------------------------------------------------

  /** Admins see every student; an instructor only the students of courses they teach. */
  Future<Reply> listStudents(BusRequest req) {
    Caller caller = req.user();
    Future<List<UUID>> scope = caller.is("admin") ? Future.succeededFuture(null) : studentsOf(caller.id());
    return scope.compose(ids -> list(req, "student", ids, "students"));
  }

  Future<Reply> listTeachers(BusRequest req) {
    return list(req, "instructor", null, "teachers");
  }

  /** Admins (issue 16): every user, filtered by the query's role, type, status and search (name, email, NIM). */
  Future<Reply> listAll(BusRequest req) {
    return list(req, req.query().getString("role"), null, "users");
  }

  /** One page of users of {@code role} (null: every role), by the query's status, type and search. */
  private Future<Reply> list(BusRequest req, String role, List<UUID> onlyIds, String key) {
    Page page = Page.of(req);
    JsonObject query = req.query();
    String search = query.getString("search");
    Tuple params = Tuple.of(role, query.getString("status"), search == null ? null : "%" + likeEscape(search) + "%",
      onlyIds == null ? null : onlyIds.toArray(new UUID[0]), page.limit(), page.offset()).addString(query.getString("type"));
    return db.preparedQuery(AuthSql.LIST_USERS).execute(params).map(rows -> {
      JsonArray users = new JsonArray();
      long total = 0;
      for (Row row : rows) {
        total = row.getLong("total");
        if (row.getValue("id") != null) users.add(json(row));
      }
      return Reply.ok(new JsonObject().put(key, users).put("pagination", page.pagination(total)));
    });
  }

  // --- one user ---------------------------------------------------------------------------------

  /** Admin: anyone. A user: themself. An instructor: their own students. Everyone else: 403. */
  Future<Reply> get(BusRequest req) {
    Caller caller = req.user();
    UUID id = UUID.fromString(req.pathParam("id"));
    Future<Void> allowed;
    if (caller.is("admin") || caller.id().equals(id.toString())) {
      allowed = Future.succeededFuture();
    } else if (caller.is("instructor")) {
      allowed = studentsOf(caller.id()).compose(ids -> ids.contains(id) ? Future.succeededFuture()
        : Future.failedFuture(forbidden()));
    } else {
      allowed = Future.failedFuture(forbidden());
    }
    return allowed.compose(v -> load(id)).map(Reply::ok);
  }

  /** Own contact data and own profile; role, status and email are not in the contract's body. */
  Future<Reply> updateMe(BusRequest req) {
    Caller caller = req.user();
    UUID id = UUID.fromString(caller.id());
    JsonObject body = req.body();
    JsonObject profile = body.getJsonObject("profile");
    ApiError misfit = profileMisfit(caller.role(), profile);
    if (misfit != null) return Future.failedFuture(misfit);
    return db.withTransaction(conn -> conn.preparedQuery(AuthSql.UPDATE_CONTACT)
        .execute(Tuple.of(id, trimmed(body, "full_name"), Phones.normalize(body.getString("phone_number")),
          Phones.normalize(body.getString("wa_number")), trimmed(body, "address")))
        .compose(updated -> updated.rowCount() == 0 ? Future.failedFuture(AuthVerticle.noAccount())
          : profile == null ? Future.succeededFuture() : saveProfile(conn, id, caller.role(), profile)))
      .compose(v -> load(id))
      .map(user -> {
        events.publish("user.profile.updated", new JsonObject().put("user_id", id.toString()), caller.id());
        return Reply.ok(user, "Profile updated successfully");
      });
  }

  /** Which profile fields a role may write: students their school data, instructors bio/specialization. */
  private static ApiError profileMisfit(String role, JsonObject profile) {
    if (profile == null) return null;
    List<String> allowed = switch (role) {
      case "student" -> List.of("place_of_birth", "date_of_birth", "school_origin", "current_grade", "parent_name",
        "parent_phone_number");
      case "instructor" -> List.of("bio", "specialization");
      default -> List.of();
    };
    JsonArray fields = new JsonArray();
    for (String name : profile.fieldNames()) {
      if (!allowed.contains(name)) {
        fields.add(ApiError.fieldEntry("profile." + name, ErrorCode.VALIDATION_UNKNOWN_FIELD.name(),
          "is not part of the " + role + " profile"));
      }
    }
    return fields.isEmpty() ? null : ErrorCode.VALIDATION_UNKNOWN_FIELD.error(
      "Invalid request: " + fields.getJsonObject(0).getString("field") + " is not part of the " + role + " profile",
      new JsonObject().put("fields", fields));
  }

  private Future<?> saveProfile(SqlConnection conn, UUID id, String role, JsonObject profile) {
    if (role.equals("student")) {
      String born = profile.getString("date_of_birth");
      return conn.preparedQuery(AuthSql.UPSERT_STUDENT_PROFILE).execute(Tuple.of(id, trimmed(profile, "place_of_birth"),
        born == null ? null : LocalDate.parse(born), trimmed(profile, "school_origin"), trimmed(profile, "current_grade"),
        trimmed(profile, "parent_name"), Phones.normalize(profile.getString("parent_phone_number"))));
    }
    return conn.preparedQuery(AuthSql.UPSERT_INSTRUCTOR_PROFILE)
      .execute(Tuple.of(id, trimmed(profile, "bio"), specialization(profile.getValue("specialization"))));
  }

  // --- instructor accounts and passwords --------------------------------------------------------

  /**
   * Creates a pending instructor with a profile and a one-time set-password token (72 h, single use, stored hashed),
   * and emails the instructor the link ({@code account-invitation}, issue 15) through auth's outbox, in the same
   * transaction: no account without its email, no email for a refused one (409 AUTH_EMAIL_ALREADY_EXISTS). The token
   * itself is never in the answer: 201 {user, instructor_profile, set_password: {expires_at, sent_to}}. The account can
   * log in once the password is set.
   */
  Future<Reply> createInstructor(BusRequest req) {
    JsonObject body = req.body();
    String email = body.getString("email").trim().toLowerCase(Locale.ROOT);
    String fullName = body.getString("full_name").trim();
    JsonObject profile = body.getJsonObject("instructor_profile", new JsonObject());
    return db.withTransaction(conn -> conn.preparedQuery(AuthSql.INSERT_USER)
        .execute(Tuple.of(email, fullName, Phones.normalize(body.getString("phone_number")),
          Phones.normalize(body.getString("wa_number")), trimmed(body, "address"), "instructor", "pending"))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ErrorCode.AUTH_EMAIL_ALREADY_EXISTS.error("An account with this email already exists"));
          }
          UUID id = rows.iterator().next().getUUID("id");
          return conn.preparedQuery(AuthSql.UPSERT_INSTRUCTOR_PROFILE)
            .execute(Tuple.of(id, trimmed(profile, "bio"), specialization(profile.getValue("specialization"))))
            .compose(v -> invitations.invite(conn, new Invitations.Invitee(id, email, fullName, "instructor", null),
              req.user().id()))
            .map(expiresAt -> new Created(id, expiresAt));
        }))
      .compose(created -> {
        outbox.flush();
        return load(created.id()).map(user -> {
          events.publish("user.registered", new JsonObject().put("user_id", user.getString("id"))
            .put("email", email).put("role", "instructor"), req.user().id());
          JsonObject data = new JsonObject()
            .put("user", user.copy().put("profile", (Object) null))
            .put("instructor_profile", user.getJsonObject("profile"))
            .put("set_password", new JsonObject().put("expires_at", created.expiresAt()).put("sent_to", email));
          return Reply.created(data, "Instructor account created; the set-password link is emailed to " + email);
        });
      });
  }

  private record Created(UUID id, String expiresAt) {
  }

  /** Public: a set-password token and a strong password → the account is active; the token is spent. */
  Future<Reply> setPassword(BusRequest req) {
    return passwordTokens.setPassword(req.body().getString("token"), PasswordTokens.SET_PASSWORD,
        req.body().getString("password"), invalidLink())
      .map(v -> Reply.message("Password set; you can log in now"));
  }

  private static ApiError invalidLink() {
    return ErrorCode.AUTH_INVALID_TOKEN.error("This set-password link is invalid, used or expired; ask an admin for a new one");
  }

  // --- role and deletion ------------------------------------------------------------------------

  /**
   * Changes the role, adds the matching profile, and ends the user's sessions so it applies at once. Also (issue 16)
   * the account type, in the same transaction: {@code type: DIKE} with its {@code nim}, {@code UMUM} without one (the
   * NIM is dropped); a type change alone ends no session (tokens do not carry the type). 409
   * {@code AUTH_NIM_ALREADY_EXISTS} when another live account has the NIM.
   */
  Future<Reply> changeRole(BusRequest req) {
    UUID id = UUID.fromString(req.pathParam("id"));
    JsonObject body = req.body();
    String role = body.getString("role"), type = body.getString("type"), nim = body.getString("nim");
    ApiError misfit = Accounts.typeMisfit(type, nim);
    if (misfit != null) return Future.failedFuture(misfit);
    Change typeChange = (conn, oldRole) -> type == null ? Future.succeededFuture()
      : conn.preparedQuery(AuthSql.SET_TYPE).execute(Tuple.of(id, type, nim)).compose(rows -> rows.rowCount() == 0
        ? Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found")) : Future.succeededFuture());
    Future<String> changed = role == null ? db.withTransaction(conn -> typeChange.apply(conn, null)).map((String) null)
      : adminChange(id, role, (conn, oldRole) -> (oldRole.equals(role) ? Future.succeededFuture()
          : conn.preparedQuery(AuthSql.SET_ROLE).execute(Tuple.of(id, role)).compose(v -> switch (role) {
            case "student" -> conn.preparedQuery(AuthSql.UPSERT_STUDENT_PROFILE)
              .execute(Tuple.of(id, null, null, null, null, null, null)).mapEmpty();
            case "instructor" -> conn.preparedQuery(AuthSql.UPSERT_INSTRUCTOR_PROFILE)
              .execute(Tuple.of(id, null, null)).mapEmpty();
            default -> Future.succeededFuture();
          })).compose(v -> typeChange.apply(conn, oldRole)));
    return changed.recover(Accounts::nimTaken)
      .compose(oldRole -> load(id).map(user -> {
        if (oldRole != null && !oldRole.equals(role)) {
          events.publish("user.role.changed", new JsonObject().put("user_id", id.toString())
            .put("old_role", oldRole).put("new_role", role), req.user().id());
        }
        if (type != null) {
          events.publish("user.profile.updated", new JsonObject().put("user_id", id.toString())
            .put("type", type), req.user().id());
        }
        return Reply.ok(user, "User role updated successfully");
      }));
  }

  /** Soft delete: the account disappears from lists, its sessions end and it can no longer log in. */
  Future<Reply> delete(BusRequest req) {
    UUID id = UUID.fromString(req.pathParam("id"));
    return adminChange(id, null, (conn, oldRole) -> conn.preparedQuery(AuthSql.SOFT_DELETE).execute(Tuple.of(id)).mapEmpty())
      // the course detail's upcoming classes show instructors by name: they must stop showing this one now
      .onSuccess(v -> CacheVersions.publish(vertx, CacheVersions.SCHEDULES, null))
      .map(v -> Reply.message("User deleted successfully"));
  }

  private interface Change {
    Future<?> apply(SqlConnection conn, String oldRole);
  }

  /**
   * Runs a role change or deletion (newRole null) under the admins lock: refuses to remove the last admin,
   * ends the user's sessions in the same transaction, and returns the old role.
   */
  private Future<String> adminChange(UUID id, String newRole, Change change) {
    return db.withTransaction(conn -> conn.query(AuthSql.LOCK_ADMINS).execute()
        .compose(v -> conn.preparedQuery(AuthSql.USER_ROLE_FOR_UPDATE).execute(Tuple.of(id)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"));
          String oldRole = rows.iterator().next().getString("role");
          // the same role: no session ends, but the rest of the change (an account type) applies
          if (oldRole.equals(newRole)) {
            return change.apply(conn, oldRole).map(v -> new Object[]{oldRole, new Revocations.Ended(List.of(), "role")});
          }
          Future<Void> guard = !oldRole.equals("admin") ? Future.succeededFuture()
            : conn.query(AuthSql.COUNT_ADMINS).execute().compose(count -> count.iterator().next().getLong(0) > 1
              ? Future.succeededFuture()
              : Future.failedFuture(ErrorCode.AUTH_LAST_ADMIN.error("The academy's last admin cannot be demoted or deleted")));
          return guard.compose(v -> change.apply(conn, oldRole))
            .compose(v -> revocations.endUserSessions(conn, id, newRole == null ? "deleted" : "role"))
            .map(families -> new Object[]{oldRole, families});
        }))
      .compose(result -> {
        return revocations.publish((Revocations.Ended) result[1]).map((String) result[0]);
      });
  }

  // --- internal lookups -------------------------------------------------------------------------

  /**
   * For the enrollment verticle, when an admin approves a public registration: {email, full_name, wa_number,
   * guardian?{name, wa_number}, language?, approved_by?} → {id, created, invited}. Finds the live account with that
   * email (left exactly as it is) or creates a student from the registration (no password: it cannot log in until
   * given one; guardian data goes to the new student's profile). Refuses (409 AUTH_EMAIL_ALREADY_EXISTS) when the email
   * belongs to staff. A new account is invited in the same transaction (issue 16: {@link Invitations}, in the
   * registration's language), so the applicant can sign in and see the approved enrollment; so is an existing student
   * account that has no password and no working link any more (its invitation expired). One with a working link is not
   * invited again: an approval the enrollment verticle then refuses (the student already holds this course) must not
   * email a new link.
   */
  Future<JsonObject> findOrCreateStudent(JsonObject applicant) {
    String email = applicant.getString("email").trim().toLowerCase(Locale.ROOT);
    String fullName = applicant.getString("full_name").trim();
    JsonObject guardian = applicant.getJsonObject("guardian");
    Revocations.Ended[] reclaimed = {null}; // sessions of an unproven account, announced after commit
    return db.withTransaction(conn -> conn.preparedQuery(AuthSql.INSERT_USER)
        .execute(Tuple.of(email, fullName, null, Phones.normalize(applicant.getString("wa_number")), null, "student", "active"))
        .compose(inserted -> {
          boolean created = inserted.size() > 0;
          Future<Account> account = created
            ? Future.succeededFuture(new Account(inserted.iterator().next().getUUID("id"), fullName, true, null))
            : conn.preparedQuery(AuthSql.LIVE_USER_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
                Row row = rows.iterator().next();
                if (!row.getString("role").equals("student")) {
                  return Future.failedFuture(ErrorCode.AUTH_EMAIL_ALREADY_EXISTS.error(
                    "This email belongs to a staff account; use another email to register"));
                }
                UUID id = row.getUUID("id");
                if (!row.getBoolean("unproven")) return Future.succeededFuture(new Account(id, row.getString("full_name"), row.getBoolean("uninvited"), null));
                // a self-registered account that never proved the address must not receive the applicant's registration
                // (anyone may sign up with anyone's email): its password and sessions end, the mailbox's owner is invited
                return conn.preparedQuery(AuthSql.DROP_UNPROVEN_PASSWORD).execute(Tuple.of(id))
                  .compose(v -> revocations.endUserSessions(conn, id, "unproven"))
                  .map(ended -> new Account(id, row.getString("full_name"), true, ended));
              });
          // an existing account is never modified from a registration's data
          return account.compose(student -> (guardian == null || !created ? Future.succeededFuture()
              : conn.preparedQuery(AuthSql.UPSERT_STUDENT_PROFILE).execute(Tuple.of(student.id(), null, null, null, null,
                trimmed(guardian, "name"), Phones.normalize(guardian.getString("wa_number")))))
            .compose(v -> !student.invite() ? Future.succeededFuture() : invitations.invite(conn,
              new Invitations.Invitee(student.id(), email, student.name(), "student", applicant.getString("language")),
              applicant.getString("approved_by")))
            .map(v -> {
              reclaimed[0] = student.ended();
              return new JsonObject().put("id", student.id().toString()).put("created", created).put("invited", student.invite());
            }));
        }))
      .compose(result -> reclaimed[0] == null ? Future.succeededFuture(result) : revocations.publish(reclaimed[0]).map(result))
      .onSuccess(result -> {
        if (result.getBoolean("invited")) outbox.flush();
        if (result.getBoolean("created")) {
          events.publish("user.registered", new JsonObject().put("user_id", result.getString("id"))
            .put("email", email).put("role", "student"), null);
        }
      });
  }

  /** The student an approval places; {@code ended}: the sessions of an unproven account that were ended, to announce. */
  private record Account(UUID id, String name, boolean invite, Revocations.Ended ended) {
  }

  /** Seed §3.10, for services holding the service key: the full user, or 404. */
  Future<Reply> byEmail(BusRequest req) {
    String email = req.query().getString("email").trim().toLowerCase(Locale.ROOT);
    return db.preparedQuery(AuthSql.USER_BY_EMAIL_FULL).execute(Tuple.of(email)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"))
      : Future.succeededFuture(Reply.ok(json(rows.iterator().next()))));
  }

  private Future<JsonObject> load(UUID id) {
    return db.preparedQuery(AuthSql.FULL_USER).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"))
      : Future.succeededFuture(json(rows.iterator().next())));
  }

  /** Students of the courses an instructor teaches, from the enrollment verticle (fails closed). */
  private Future<List<UUID>> studentsOf(String instructorId) {
    return enrollment.studentIdsOfInstructor(instructorId)
      .map(ids -> ids.stream().map(UUID::fromString).toList());
  }

  private static ApiError forbidden() {
    return ErrorCode.AUTH_FORBIDDEN.error("You do not have access to this user");
  }

  // --- JSON -------------------------------------------------------------------------------------

  /** The seed's user object, with the profile of the current role (null for admins). */
  static JsonObject json(Row r) {
    String role = r.getString("role");
    JsonObject profile = null;
    if (role.equals("student") && r.getValue("student_profile") != null) {
      LocalDate born = r.getLocalDate("date_of_birth");
      profile = new JsonObject().put("user_id", r.getUUID("id").toString())
        .put("place_of_birth", r.getString("place_of_birth"))
        .put("date_of_birth", born == null ? null : born.toString())
        .put("school_origin", r.getString("school_origin"))
        .put("current_grade", r.getString("current_grade"))
        .put("parent_name", r.getString("parent_name"))
        .put("parent_phone_number", r.getString("parent_phone_number"));
    } else if (role.equals("instructor") && r.getValue("instructor_profile") != null) {
      String[] specialization = r.getArrayOfStrings("specialization");
      profile = new JsonObject().put("user_id", r.getUUID("id").toString())
        .put("bio", r.getString("bio"))
        .put("specialization", new JsonArray(specialization == null ? List.of() : List.of(specialization)));
    }
    return new JsonObject()
      .put("id", r.getUUID("id").toString())
      .put("email", r.getString("email"))
      .put("full_name", r.getString("full_name"))
      .put("phone_number", r.getString("phone_number"))
      .put("wa_number", r.getString("wa_number"))
      .put("address", r.getString("address"))
      .put("role", role)
      .put("status", r.getString("status"))
      .put("email_verified", r.getBoolean("email_verified"))
      .put("type", r.getString("type"))
      .put("nim", r.getString("nim"))
      .put("has_password", r.getBoolean("has_password"))
      .put("created_at", Iso.of(r.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(r.getOffsetDateTime("updated_at")))
      .put("last_login_at", Iso.of(r.getOffsetDateTime("last_login_at")))
      .put("profile", profile);
  }

  /** Specialization as a list; the seed's comma-separated string is accepted too. */
  private static String[] specialization(Object value) {
    if (value == null) return null;
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(v.toString().trim()));
    } else {
      for (String part : value.toString().split(",")) out.add(part.trim());
    }
    out.removeIf(String::isEmpty);
    return out.toArray(new String[0]);
  }

  private static String trimmed(JsonObject body, String key) {
    String value = body.getString(key);
    return value == null ? null : value.trim();
  }

  /** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
  private static String likeEscape(String search) {
    return search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
