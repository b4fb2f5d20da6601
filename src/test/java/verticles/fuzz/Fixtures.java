package verticles.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fuzzer's academy: accounts of every role with their access tokens, and a course owned by the fuzz
 * instructor, a room, a class, a class that has started (with the fuzz student marked present), a weekly series,
 * the student's approved registration, an assignment of the course with the student's submission, a visitor's pending
 * registration, a chat session with its chat token and a queued email (beside a shipped email template's id) — created through the API (accounts are inserted as
 * {@link TestUsers} does; the started class is moved into the past with SQL, as the scheduling tests do). It names a real id for a path parameter from the parameter's
 * name and the path it is in, and a real value for well-known property names ({@link Batch#hint}).
 *
 * <p>Operations that change or delete what their path names get <em>victims</em>: fresh fixtures of the same
 * kind made for each batch (one operation as one role) and made again after each success, so that a deletion
 * or a state change never breaks the fixtures other operations use, and a second mutation still meets a record
 * in its original state. Consumable values (a set-password token, a refresh token) are victims too.
 */
public final class Fixtures {
  public static final String PASSWORD = "Fuzz-Pass-12345!";
  public static final List<String> ROLES = List.of("student", "instructor", "admin");
  /** Kinds of record that an operation changing its path's record gets a fresh copy of. */
  static final Set<String> VICTIM_KINDS = Set.of("user", "course", "room", "schedule", "series", "enrollment", "chatSession",
    "assignment", "submission");

  private final RawHttp http;
  private final OpenAPIContract contract;
  private final SchemaValues dates;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, String> issued = new LinkedHashMap<>();
  private final Map<String, String> emails = new HashMap<>();
  private final Map<String, String> ids = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  public final String loginEmail = "fuzz-login@fuzz.test";
  public String registrationNumber, registrantEmail, chatToken, courseUpdatedAt;
  private int victimCount;
  /** Requests made for fixtures, victims and token checks (not fuzz requests). */
  public int requests;

  public Fixtures(RawHttp http, OpenAPIContract contract, LocalDate today) {
    this.http = http;
    this.contract = contract;
    this.dates = new SchemaValues(new java.util.Random(0), null, today);
  }

  // --- set-up ---------------------------------------------------------------------------------------

  /** Empties the academy (as the other test classes do) and creates every fixture. */
  public void create() {
    reset();
    for (String role : ROLES) {
      String email = "fuzz-" + role + "@fuzz.test";
      emails.put(role, email);
      ids.put(role, TestUsers.create(role, email, PASSWORD, "active"));
      relogin(role);
    }
    TestUsers.create("student", loginEmail, PASSWORD, "active"); // whose login auth.login and auth.refresh fuzz
    JsonObject course = data(call("catalog.createCourse", admin(), Map.of(), Map.of(), courseBody("Fuzz Piano Basics")), "course");
    ids.put("course", course == null ? uuid() : course.getString("id"));
    courseUpdatedAt = course == null ? null : course.getString("updated_at");
    JsonObject room = data(call("scheduling.createRoom", admin(), Map.of(), Map.of(), new JsonObject().put("name", "Fuzz Studio")
      .put("capacity", 10).put("description", "Fuzz room").put("instruments", new JsonArray().add("piano"))), "room");
    ids.put("room", room == null ? uuid() : room.getString("id"));
    ids.put("schedule", schedule(dates.instant(30, 2)));
    ids.put("startedSchedule", schedule(dates.instant(31, 2)));
    TestApp.sql("UPDATE scheduling.schedules SET start_time = now() - interval '1 hour', end_time = now() + interval '3 hours' "
      + "WHERE id = '" + ids.get("startedSchedule") + "'");
    ids.put("series", series(40, "18:00", 2));
    JsonObject enrollment = data(call("enrollment.createEnrollment", admin(), Map.of(), Map.of(), new JsonObject()
      .put("student_id", ids.get("student")).put("course_id", ids.get("course")).put("schedule_id", ids.get("schedule"))), "enrollment");
    ids.put("enrollment", enrollment == null ? uuid() : enrollment.getString("enrollment_id"));
    ids.put("assignment", assignment("Fuzz Assignment"));
    ids.put("submission", submission(ids.get("assignment")));
    data(call("scheduling.markAttendance", admin(), Map.of(), Map.of(), new JsonObject()
      .put("class_schedule_id", ids.get("startedSchedule")).put("student_id", ids.get("student")).put("attended", true)), "attendance");
    registrantEmail = "fuzz-registrant@fuzz.test";
    JsonObject registration = data(call("enrollment.register", null, Map.of(), Map.of(), registration(registrantEmail, "fuzz-fixture-key-1")),
      "registration");
    registrationNumber = registration == null ? "REG-0000-00-000" : registration.getString("registration_number");
    JsonObject chat = chatSession("Fuzz Visitor", "fuzz-visitor@fuzz.test");
    ids.put("chatSession", chat == null ? uuid() : chat.getString("session_id"));
    chatToken = chat == null ? "" : chat.getString("chat_token");
    issued.put(chatToken, "chat");
    call("chat.sendMessage", "Bearer " + chatToken, Map.of("id", ids.get("chatSession")), Map.of(),
      new JsonObject().put("content", "Halo, ada kelas piano untuk pemula?"));
    ids.put("template", "payment-confirmation");
    JsonObject email = data(call("notify.sendPaymentConfirmation", admin(), Map.of(), Map.of(), new JsonObject()
      .put("email", "fuzz-payer@fuzz.test").put("username", "Fuzz Payer").put("courseName", "Fuzz Piano Basics")
      .put("amount", 250000).put("transactionId", "fuzz-transaction-1").put("date", "2025-05-11")), "email");
    ids.put("message", email == null ? uuid() : email.getString("message_id"));
  }

  /** Problems met while creating fixtures (the run continues with random ids in their place). */
  public List<String> problems() {
    return problems;
  }

  private static JsonObject courseBody(String title) {
    return new JsonObject().put("title", title).put("description", "Fuzzing fixture course").put("level", "beginner")
      .put("instrument", "piano").put("price_per_session", 100000).put("duration_minutes", 60).put("max_students", 1000)
      .put("is_active", true);
  }

  private JsonObject registration(String email, String key) {
    return new JsonObject().put("full_name", "Fuzz Registrant").put("wa_number", "081234567890").put("email", email)
      .put("course_id", ids.get("course")).put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS)
      .put("idempotency_key", key);
  }

  private String schedule(String start) {
    JsonObject s = data(call("scheduling.createSchedule", admin(), Map.of(), Map.of(), new JsonObject()
      .put("course_id", ids.get("course")).put("room_id", ids.get("room")).put("instructor_id", ids.get("instructor"))
      .put("start_time", start)), "schedule at " + start);
    return s == null ? uuid() : s.getString("id");
  }

  /** An ACTIVE assignment of the fixture course, due in 30 days; its id. */
  private String assignment(String title) {
    JsonObject a = data(call("coursework.createAssignment", admin(), Map.of(), Map.of(), new JsonObject().put("title", title)
      .put("description", "Fuzzing fixture assignment").put("course_id", ids.get("course")).put("due_date", dates.instant(30, 2))
      .put("points", 100)), "assignment " + title);
    return a == null ? uuid() : a.getString("id");
  }

  /** The fuzz student's submission to the assignment (the student is enrolled in the fixture course); its id. */
  private String submission(String assignmentId) {
    JsonObject s = data(call("coursework.submit", "Bearer " + tokens.get("student"), Map.of("id", assignmentId), Map.of(),
      new JsonObject().put("file_url", "https://example.com/fuzz/submission")), "submission");
    return s == null ? uuid() : s.getString("id");
  }

  private String series(int days, String time, int weeks) {
    LocalDate first = dates.today().plusDays(days);
    JsonObject s = data(call("scheduling.createSeries", admin(), Map.of(), Map.of(), new JsonObject()
      .put("course_id", ids.get("course")).put("room_id", ids.get("room")).put("instructor_id", ids.get("instructor"))
      .put("weekdays", new JsonArray().add(first.getDayOfWeek().name().toLowerCase(java.util.Locale.ROOT)))
      .put("start_time", time).put("first_date", first.toString()).put("weeks", weeks).put("timezone", "Asia/Jakarta")), "series");
    return s == null ? uuid() : s.getJsonObject("series").getString("id");
  }

  private JsonObject chatSession(String name, String email) {
    JsonObject body = new JsonObject().put("name", name).put("email", email).put("topic", "Fuzzing");
    Reply r = call("chat.createSession", null, Map.of(), Map.of(), body);
    if (r.status == 429) {
      relax();
      r = call("chat.createSession", null, Map.of(), Map.of(), body);
    }
    return data(r, "chat session");
  }

  /** Empties what the fuzzer touches; the catalog cache is retired as after a catalog write. */
  public static void reset() {
    TestApp.sql("TRUNCATE chat.sessions, chat.messages CASCADE");
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
    TestApp.retireCatalogCache();
  }

  /**
   * Lifts the academy's own per-IP and per-account counters (login lockout, chat sessions per IP per hour,
   * visitor messages per minute) so that a 429 from one of them does not hide what a request would do.
   */
  public static void relax() {
    TestApp.sql("""
      DELETE FROM auth.login_failures;
      UPDATE chat.sessions SET created_ip = NULL WHERE created_ip IS NOT NULL;
      UPDATE chat.messages SET created_at = created_at - interval '2 minutes'
        WHERE role = 'user' AND created_at > now() - interval '2 minutes';
      """);
  }

  // --- tokens -----------------------------------------------------------------------------------------

  public String token(String role) {
    return tokens.get(role);
  }

  public String id(String kind) {
    return ids.get(kind);
  }

  private String admin() {
    return "Bearer " + tokens.get("admin");
  }

  /** Logs in (lifting a lockout the fuzzing of auth.login may have caused) and returns the access token. */
  public String login(String email) {
    relax();
    Reply r = call("auth.login", null, Map.of(), Map.of(), new JsonObject().put("email", email).put("password", PASSWORD));
    JsonObject data = data(r, "login " + email);
    return data == null ? "" : data.getJsonObject("tokens").getString("access_token");
  }

  private JsonObject loginTokens(String email) {
    relax();
    return data(call("auth.login", null, Map.of(), Map.of(), new JsonObject().put("email", email).put("password", PASSWORD)),
      "login " + email);
  }

  /** Logs the role in again (its token was revoked by a logout, say). */
  public void relogin(String role) {
    String token = login(emails.get(role));
    tokens.put(role, token);
    issued.put(token, role);
  }

  /** Every access and chat token the fuzz roles were given (token → role), for the report to print them by name. */
  public Map<String, String> issuedTokens() {
    return issued;
  }

  /** Checks that the role's token still works as that role; logs in again if not. True when it had to. */
  public boolean ensureToken(String role) {
    Reply r = call("auth.me", "Bearer " + tokens.get(role), Map.of(), Map.of(), null);
    if (r.status == 200 && r.json != null && role.equals(r.json.getJsonObject("data", new JsonObject()).getString("role"))) {
      return false;
    }
    relogin(role);
    return true;
  }

  /** {@link #ensureToken} for every role. */
  public void ensureTokens() {
    for (String role : ROLES) ensureToken(role);
  }

  // --- path parameters and hints ------------------------------------------------------------------------

  /**
   * The kind of record a path parameter names: {@code scheduleId} → schedule, {@code /api/rooms/{id}} → room
   * (the segment before {@code {id}}), under /api/attendance a schedule is the started class; null when unknown.
   */
  public static String pathKind(String path, String param) {
    String base;
    if (!param.equals("id")) {
      base = param.endsWith("Id") ? param.substring(0, param.length() - 2) : param;
    } else {
      String before = path.substring(0, path.indexOf("{" + param + "}"));
      String[] segments = before.split("/");
      base = segments.length == 0 ? "" : segments[segments.length - 1];
    }
    return switch (base) {
      case "users", "student", "students", "user" -> path.startsWith("/api/users/") && param.equals("id") ? "user" : "student";
      case "instructors", "instructor" -> "instructor";
      case "courses", "course" -> "course";
      case "sessions", "session" -> "chatSession";
      case "rooms", "room" -> "room";
      case "schedules" -> "schedule";
      case "schedule" -> path.startsWith("/api/attendance") ? "startedSchedule" : "schedule";
      case "series" -> "series";
      case "enrollments", "enrollment", "booking", "bookings" -> "enrollment";
      case "template" -> "template";
      case "assignments", "assignment" -> "assignment";
      case "submissions", "submission" -> "submission";
      case "message" -> "message";
      default -> null;
    };
  }

  /** A real id of another kind than {@code kind} (a user where a course is expected, a course elsewhere). */
  public List<String> foreignIds(String kind) {
    return List.of("course".equals(kind) ? ids.get("student") : ids.get("course"));
  }

  /** The values one batch (an operation as one role) uses; victims are made on first use. */
  public final class Batch {
    final String role;
    final boolean changes;
    private final Map<String, Map<String, String>> victims = new LinkedHashMap<>();

    /** {@code changes}: the operation changes or deletes what its path names (any method but GET). */
    public Batch(String role, boolean changes) {
      this.role = role;
      this.changes = changes;
    }

    /** The id for a path parameter of this kind: a victim when the operation changes it, else the fixture. */
    public String pathId(String kind) {
      if (kind == null) return null;
      if (changes && VICTIM_KINDS.contains(kind)) return victim(kind).get("id");
      if (kind.equals("user")) return ids.get("student");
      return ids.get(kind);
    }

    public Map<String, String> victim(String kind) {
      return victims.computeIfAbsent(kind, k -> makeVictim(k, role));
    }

    public boolean hasVictims() {
      return !victims.isEmpty();
    }

    /** After a success: the next request gets fresh victims. */
    public void invalidate() {
      victims.clear();
    }

    /** The chat token for this batch's session (the victim's when the session is a victim). */
    public String chatToken() {
      Map<String, String> session = victims.get("chatSession");
      return session != null ? session.get("token") : chatToken;
    }

    /** The course's updated_at (the victim's when the course is a victim). */
    String courseUpdatedAt() {
      Map<String, String> course = victims.get("course");
      return course != null ? course.get("updated_at") : courseUpdatedAt;
    }

    /** A real value for a well-known name, or null (see {@link SchemaValues.Hints}). */
    public Object hint(String name, JsonObject schema, SchemaValues.Where where, Set<String> siblings) {
      String format = SchemaValues.effective(schema).getString("format", "");
      if (format.equals("uuid")) {
        return switch (name) {
          case "course_id" -> ids.get("course");
          case "room_id" -> ids.get("room");
          case "instructor_id", "staff_id", "assigned_to" -> ids.get("instructor");
          case "schedule_id", "preferred_schedule_ids" -> ids.get("schedule");
          case "class_schedule_id" -> ids.get("startedSchedule");
          case "student_id", "user_id" -> ids.get("student");
          case "series_id" -> ids.get("series");
          default -> null;
        };
      }
      return switch (name) {
        // a self-registration (name, email, password) gets an address without an account, fresh after each success
        case "email" -> siblings.contains("password")
          ? (siblings.contains("name") ? victim("newAccountEmail").get("id") : loginEmail)
          : where == SchemaValues.Where.QUERY ? registrantEmail : null;
        case "password" -> siblings.contains("email") ? PASSWORD : "Fuzz-New-Pass-6789!";
        // a password change to the same password: it succeeds and every later login of the role still works
        case "current_password", "new_password" -> PASSWORD;
        case "token" -> victim("setPasswordToken").get("id");
        case "refresh_token" -> victim("refreshToken").get("id");
        case "updated_at" -> courseUpdatedAt();
        case "captcha_token" -> TestApp.CAPTCHA_PASS;
        case "registration_number" -> registrationNumber;
        case "timezone" -> "Asia/Jakarta";
        case "instrument" -> "piano";
        case "instruments" -> new ArrayList<>(List.of("piano"));
        case "search" -> "piano";
        case "start_time" -> format.equals("date-time") ? dates.instant(300, 3) : null;
        case "end_time" -> format.equals("date-time") ? dates.instant(300, 4) : null;
        case "first_date", "start_date_target" -> dates.date(200);
        case "from" -> dates.date(1);
        case "to" -> dates.date(7);
        case "start_date" -> dates.date(-30);
        case "end_date" -> where == SchemaValues.Where.BODY ? dates.date(214) : dates.date(0);
        case "date_of_birth" -> "2010-05-17";
        case "due_date" -> dates.instant(30, 2);
        case "file_url", "resource_url" -> "https://example.com/fuzz/work";
        case "weeks" -> 1L;
        default -> null;
      };
    }
  }

  /** A fresh record of the kind, made through the API (an account with SQL, as TestUsers does). */
  private Map<String, String> makeVictim(String kind, String role) {
    int n = ++victimCount;
    Map<String, String> v = new HashMap<>();
    switch (kind) {
      case "user" -> v.put("id", TestUsers.create("student", "victim-" + n + "@fuzz.test", PASSWORD, "active"));
      case "course" -> {
        JsonObject c = data(call("catalog.createCourse", admin(), Map.of(), Map.of(),
          courseBody("Victim course " + n).put("instructor_id", ids.get("instructor"))), "victim course");
        v.put("id", c == null ? uuid() : c.getString("id"));
        v.put("updated_at", c == null ? null : c.getString("updated_at"));
      }
      case "room" -> {
        JsonObject r = data(call("scheduling.createRoom", admin(), Map.of(), Map.of(), new JsonObject().put("name", "Victim room " + n)
          .put("capacity", 10).put("instruments", new JsonArray().add("piano"))), "victim room");
        v.put("id", r == null ? uuid() : r.getString("id"));
      }
      case "schedule" -> v.put("id", schedule(dates.instant(60 + n, 5)));
      case "series" -> v.put("id", series(500 + 7 * n, "19:00", 1));
      case "enrollment" -> {
        // the student's own (approved, in a course of its own: the student may hold a pending one for the fixture
        // course, and a direct enrollment passes through pending); anyone else's a visitor's pending registration
        JsonObject e = role.equals("student")
          ? data(call("enrollment.createEnrollment", admin(), Map.of(), Map.of(), new JsonObject()
            .put("student_id", ids.get("student")).put("course_id", makeVictim("course", role).get("id"))), "victim enrollment")
          : data(call("enrollment.register", null, Map.of(), Map.of(), registration("victim-reg-" + n + "@fuzz.test", "victim-key-" + n)),
            "victim registration");
        v.put("id", e == null ? uuid() : e.getString("enrollment_id"));
      }
      case "chatSession" -> {
        JsonObject s = chatSession("Victim " + n, "victim-chat-" + n + "@fuzz.test");
        v.put("id", s == null ? uuid() : s.getString("session_id"));
        v.put("token", s == null ? "" : s.getString("chat_token"));
        issued.put(v.get("token"), "chat");
      }
      case "setPasswordToken" -> {
        // the token reaches only the new instructor's mailbox (the invitation email)
        String email = "victim-instructor-" + n + "@fuzz.test";
        JsonObject i = data(call("auth.createInstructor", admin(), Map.of(), Map.of(), new JsonObject()
          .put("email", email).put("full_name", "Victim Instructor " + n)), "victim instructor");
        v.put("id", i == null ? "no-token" : TestUsers.invitationToken(email));
      }
      case "newAccountEmail" -> v.put("id", "victim-account-" + n + "@fuzz.test");
      case "assignment" -> v.put("id", assignment("Victim assignment " + n));
      case "submission" -> v.put("id", submission(assignment("Victim assignment " + n)));
      case "refreshToken" -> {
        JsonObject t = loginTokens(loginEmail);
        v.put("id", t == null ? "no-token" : t.getJsonObject("tokens").getString("refresh_token"));
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return v;
  }

  private String uuid() {
    return dates.uuid().toString();
  }

  // --- requests -----------------------------------------------------------------------------------------

  /** An answer: status and the JSON body (null when not JSON). */
  public record Reply(int status, JsonObject json) {
  }

  /** Sends an operation's request with a JSON body (null: none) and the Authorization value given (null: none). */
  public Reply call(String operationId, String authorization, Map<String, String> path, Map<String, String> query, JsonObject body) {
    Operation op = contract.operation(operationId);
    Draft d = new Draft(operationId, op.getHttpMethod().name(), op.getOpenAPIPath());
    path.forEach((k, v) -> d.path.put(k, Draft.encode(v)));
    query.forEach((k, v) -> d.query.add(new String[]{k, Draft.encode(v)}));
    List<String[]> headers = new ArrayList<>();
    if (authorization != null) headers.add(new String[]{"Authorization", authorization});
    byte[] bytes = null;
    if (body != null) {
      headers.add(new String[]{"Content-Type", "application/json"});
      bytes = Json.bytes(Json.fromVertx(body));
    }
    requests++;
    try {
      RawHttp.Response r = http.send(new RawHttp.Request(d.method, d.target(), headers, bytes));
      JsonObject json = null;
      try {
        json = new JsonObject(r.text());
      } catch (RuntimeException notJson) {
        // kept null
      }
      return new Reply(r.status(), json);
    } catch (IOException e) {
      return new Reply(-1, null);
    }
  }

  /** data of a 2xx answer; otherwise records a problem and returns null. */
  private JsonObject data(Reply r, String what) {
    if (r.status / 100 == 2 && r.json != null && r.json.getValue("data") instanceof JsonObject data) return data;
    problems.add("fixture " + what + ": " + r.status + " " + r.json);
    return null;
  }
}
