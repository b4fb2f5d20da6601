package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;

import java.util.List;
import java.util.UUID;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User management (seed §3) through HTTP: every operation's success and failures. */
class UsersTest {
  static final String PASSWORD = "Member-Pass-42";
  String admin;
  String studentId, student;
  String instructorId, instructor;

  @BeforeEach
  void reset() {
    TestApp.resetData();
    admin = TestUsers.adminToken();
    studentId = TestUsers.create("student", "siti@school.id", PASSWORD, "active");
    student = TestUsers.login("siti@school.id", PASSWORD).getString("access_token");
    instructorId = TestUsers.create("instructor", "budi@school.id", PASSWORD, "active");
    instructor = TestUsers.login("budi@school.id", PASSWORD).getString("access_token");
  }

  private static Api.Call call(String op, String token) {
    Api.Call call = Api.get().call(op);
    return token == null ? call : call.token(token);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  // --- lists ------------------------------------------------------------------------------------

  @Test
  void adminPagesThroughStudents() {
    TestUsers.create("student", "agus@school.id", PASSWORD, "active");
    TestUsers.create("student", "dewi@school.id", PASSWORD, "suspended");
    Response first = call("auth.listStudents", admin).query("limit", "2").send();
    assertEquals(200, first.status());
    assertEquals(new JsonObject().put("page", 1).put("limit", 2).put("total", 3).put("total_pages", 2),
      first.data().getJsonObject("pagination"));
    assertEquals(2, first.data().getJsonArray("students").size());
    Response second = call("auth.listStudents", admin).query("limit", "2").query("page", "2").send();
    assertEquals(1, second.data().getJsonArray("students").size());
    Response beyond = call("auth.listStudents", admin).query("page", "9").send();
    assertEquals(0, beyond.data().getJsonArray("students").size());
    assertEquals(3, beyond.data().getJsonObject("pagination").getInteger("total"));
    Response suspended = call("auth.listStudents", admin).query("status", "suspended").send();
    assertEquals(List.of("dewi@school.id"), emails(suspended.data().getJsonArray("students")));
  }

  @Test
  void searchIsCaseInsensitiveOverNameAndEmailAndTakesWildcardsLiterally() {
    TestApp.sql("UPDATE auth.users SET full_name = 'Siti Rahmawati' WHERE email = 'siti@school.id'");
    assertEquals(List.of("siti@school.id"), emails(call("auth.listStudents", admin).query("search", "RAHMA").send()
      .data().getJsonArray("students")));
    assertEquals(List.of("siti@school.id"), emails(call("auth.listStudents", admin).query("search", "SITI@school")
      .send().data().getJsonArray("students")));
    assertEquals(List.of(), emails(call("auth.listStudents", admin).query("search", "%25").send()
      .data().getJsonArray("students")));
  }

  @Test
  void listsValidateTheirQuery() {
    assertError(call("auth.listStudents", admin).query("limit", "101").send(), 400, "VALIDATION_ERROR");
    assertError(call("auth.listStudents", admin).query("status", "sleeping").send(), 400, "VALIDATION_INVALID_ENUM");
    assertError(call("auth.listStudents", admin).query("page", "0").send(), 400, "VALIDATION_ERROR");
  }

  @Test
  void instructorsSeeOnlyTheirOwnStudents() {
    // no enrollments exist yet, so an instructor teaches nobody
    Response r = call("auth.listStudents", instructor).send();
    assertEquals(200, r.status());
    assertEquals(0, r.data().getJsonArray("students").size());
    assertEquals(0, r.data().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void studentsCannotListAnyone() {
    assertError(call("auth.listStudents", student).send(), 403, "AUTH_FORBIDDEN");
    assertError(call("auth.listTeachers", student).send(), 403, "AUTH_FORBIDDEN");
    assertError(call("auth.listStudents", null).send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void teachersAreForAdmins() {
    Response r = call("auth.listTeachers", admin).send();
    assertEquals(List.of("budi@school.id"), emails(r.data().getJsonArray("teachers")));
    assertError(call("auth.listTeachers", instructor).send(), 403, "AUTH_FORBIDDEN");
  }

  // --- one user ---------------------------------------------------------------------------------

  @Test
  void getUserFollowsObjectLevelRules() {
    assertEquals(200, call("auth.getUser", admin).path("id", studentId).send().status());
    Response self = call("auth.getUser", student).path("id", studentId).send();
    assertEquals(200, self.status());
    assertEquals("siti@school.id", self.data().getString("email"));
    assertError(call("auth.getUser", student).path("id", instructorId).send(), 403, "AUTH_FORBIDDEN");
    assertError(call("auth.getUser", instructor).path("id", studentId).send(), 403, "AUTH_FORBIDDEN");
    assertError(call("auth.getUser", admin).path("id", UUID.randomUUID().toString()).send(), 404, "AUTH_USER_NOT_FOUND");
    assertError(call("auth.getUser", admin).path("id", "not-a-uuid").send(), 400, "VALIDATION_ERROR");
  }

  // --- my profile -------------------------------------------------------------------------------

  @Test
  void studentUpdatesContactAndProfileWithNormalisedPhones() {
    Response r = call("auth.updateMe", student).body(new JsonObject()
      .put("full_name", "Siti R.").put("wa_number", "081234567890").put("address", "Jl. Melati 3")
      .put("profile", new JsonObject().put("date_of_birth", "2008-05-15").put("school_origin", "SMA Negeri 1")
        .put("parent_name", "Ibu Ani").put("parent_phone_number", "6281298765432"))).header("Accept-Language", "en").send();
    assertEquals(200, r.status(), r.toString());
    assertEquals("Profile updated successfully", r.json().getString("message"));
    JsonObject user = r.data();
    assertEquals("Siti R.", user.getString("full_name"));
    assertEquals("+6281234567890", user.getString("wa_number"));
    assertEquals("2008-05-15", user.getJsonObject("profile").getString("date_of_birth"));
    assertEquals("+6281298765432", user.getJsonObject("profile").getString("parent_phone_number"));
    // omitted fields keep their value
    Response again = call("auth.updateMe", student).body(new JsonObject().put("address", "Jl. Mawar 4")).send();
    assertEquals("Siti R.", again.data().getString("full_name"));
    assertEquals("SMA Negeri 1", again.data().getJsonObject("profile").getString("school_origin"));
  }

  @Test
  void roleStatusAndEmailAreNotWritableThroughMe() {
    for (String field : List.of("role", "status", "email")) {
      Response r = call("auth.updateMe", student).body(new JsonObject().put(field, "admin")).send();
      assertError(r, 400, "VALIDATION_UNKNOWN_FIELD");
      assertEquals(field, r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    }
    assertEquals("student", call("auth.me", student).send().data().getString("role"));
  }

  @Test
  void badProfileInputIsNamed() {
    assertError(call("auth.updateMe", student).body(new JsonObject().put("wa_number", "12345")).send(),
      400, "VALIDATION_INVALID_PHONE");
    assertError(call("auth.updateMe", student).body(new JsonObject()
      .put("profile", new JsonObject().put("date_of_birth", "15/05/2008"))).send(), 400, "VALIDATION_INVALID_DATE");
    Response misfit = call("auth.updateMe", student).body(new JsonObject()
      .put("profile", new JsonObject().put("bio", "I teach"))).send();
    assertError(misfit, 400, "VALIDATION_UNKNOWN_FIELD");
    assertEquals("profile.bio", misfit.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    assertError(call("auth.updateMe", null).body(new JsonObject().put("address", "x")).send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void instructorUpdatesBioAndSpecialization() {
    Response r = call("auth.updateMe", instructor).body(new JsonObject()
      .put("profile", new JsonObject().put("bio", "Classical piano").put("specialization", "Piano, Music Theory"))).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonArray().add("Piano").add("Music Theory"), r.data().getJsonObject("profile").getJsonArray("specialization"));
  }

  // --- instructor accounts and passwords --------------------------------------------------------

  private static Response createInstructor(String token, String email) {
    return call("auth.createInstructor", token).body(new JsonObject().put("email", email).put("full_name", "Jane Teacher")
      .put("wa_number", "081234567890")
      .put("instructor_profile", new JsonObject().put("bio", "Vocal coach").put("specialization", new JsonArray().add("Vocal")))).send();
  }

  private static Response setPassword(String token, String password) {
    return call("auth.setPassword", null).body(new JsonObject().put("token", token).put("password", password)).send();
  }

  @Test
  void anInstructorCreatedByAnAdminIsInvitedByEmailAndSetsAPasswordOnce() {
    Response created = createInstructor(admin, "Jane@School.id");
    assertEquals(201, created.status(), created.toString());
    JsonObject data = created.data();
    assertEquals("jane@school.id", data.getJsonObject("user").getString("email"));
    assertEquals("instructor", data.getJsonObject("user").getString("role"));
    assertEquals("pending", data.getJsonObject("user").getString("status"));
    assertEquals("Vocal coach", data.getJsonObject("instructor_profile").getString("bio"));
    assertEquals("jane@school.id", data.getJsonObject("set_password").getString("sent_to"));
    String expiresAt = data.getJsonObject("set_password").getString("expires_at");

    // the invitation, in Indonesian (accounts have no language yet), with the link to the staff console's form
    Mailbox.Mail mail = Mailbox.one("jane@school.id");
    assertEquals("Undangan akun Academy — atur kata sandi Anda", mail.subject());
    assertTrue(mail.text().startsWith("Halo Jane Teacher,"), mail.text());
    String link = TestUsers.invitationLink("jane@school.id");
    String token = TestUsers.invitationToken("jane@school.id");
    assertEquals(TestApp.config().getString("public_url") + "/staff/#token=" + token, link);
    // the HTML part links there too (with "=" written as an HTML entity, which the browser reads back)
    assertTrue(mail.html().contains("href=\"" + TestApp.config().getString("public_url") + "/staff/#token"), mail.html());
    assertTrue(mail.html().contains(token), mail.html());
    assertTrue(!created.text().contains(token), "the token reaches only the instructor's mailbox: " + created);
    assertTrue(java.time.Instant.parse(expiresAt).isAfter(java.time.Instant.now().plus(java.time.Duration.ofHours(71))), expiresAt);

    // cannot log in before the password is set
    assertError(call("auth.login", null).body(new JsonObject().put("email", "jane@school.id").put("password", "Anything-123"))
      .send(), 401, "AUTH_INVALID_CREDENTIALS");
    // a weak password is refused and leaves the link usable
    assertError(setPassword(token, "password1"), 400, "AUTH_PASSWORD_TOO_WEAK");
    assertEquals(200, setPassword(token, "Sing-A-Song-2026").status());
    assertNotNull(TestUsers.login("jane@school.id", "Sing-A-Song-2026").getString("access_token"));
    assertEquals("active", call("auth.getUser", admin).path("id", data.getJsonObject("user").getString("id")).send().data()
      .getString("status"));
    // single use
    assertError(setPassword(token, "Another-Song-2026"), 401, "AUTH_INVALID_TOKEN");
  }

  @Test
  void aCommonOrBreachedPasswordIsRefusedAndAStrongRandomOneAccepted() {
    assertEquals(201, createInstructor(admin, "rina@school.id").status());
    String token = TestUsers.invitationToken("rina@school.id");
    for (String common : List.of("Password123", "PASSWORD123", "Welcome@123")) {
      Response refused = setPassword(token, common);
      assertError(refused, 400, "AUTH_PASSWORD_TOO_WEAK");
      JsonObject field = refused.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0);
      assertEquals("password", field.getString("field"));
      assertEquals("AUTH_PASSWORD_TOO_WEAK", field.getString("code"));
      assertTrue(field.getString("message").contains("terlalu umum"), refused.toString()); // Indonesian by default (issue 20)
      assertTrue(!refused.text().toLowerCase(java.util.Locale.ROOT).contains(common.toLowerCase(java.util.Locale.ROOT)),
        "the answer never repeats the password: " + refused);
    }
    String strong = "Rq7-" + UUID.randomUUID();
    assertEquals(200, setPassword(token, strong).status(), "the link stayed usable");
    assertNotNull(TestUsers.login("rina@school.id", strong).getString("access_token"));
  }

  @Test
  void setPasswordLinksExpireAndUnknownOnesFail() {
    assertEquals(201, createInstructor(admin, "late@school.id").status());
    String token = TestUsers.invitationToken("late@school.id");
    TestApp.sql("UPDATE auth.password_tokens SET expires_at = now() - interval '1 second'");
    assertError(setPassword(token, "Sing-A-Song-2026"), 401, "AUTH_INVALID_TOKEN");
    assertError(setPassword("made-up", "Sing-A-Song-2026"), 401, "AUTH_INVALID_TOKEN");
    assertError(call("auth.setPassword", null).body(new JsonObject().put("token", "x")).send(), 400, "VALIDATION_REQUIRED_FIELD");
    try (var c = TestApp.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM auth.password_tokens WHERE token_hash = sha256(convert_to('" + token + "', 'UTF8'))")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "only the hash of the token is stored");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void instructorCreationRules() {
    assertError(createInstructor(admin, "BUDI@school.id"), 409, "AUTH_EMAIL_ALREADY_EXISTS");
    // the refused creation wrote no email (the outbox row would have been in its rolled-back transaction)
    assertEquals(0, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' = 'budi@school.id'"));
    assertError(createInstructor(instructor, "new@school.id"), 403, "AUTH_FORBIDDEN");
    assertError(createInstructor(null, "new@school.id"), 401, "AUTH_UNAUTHORIZED");
    assertError(call("auth.createInstructor", admin).body(new JsonObject().put("email", "x@school.id")).send(),
      400, "VALIDATION_REQUIRED_FIELD");
    assertError(call("auth.createInstructor", admin).body(new JsonObject().put("email", "x@school.id")
      .put("full_name", "X").put("role", "admin")).send(), 400, "VALIDATION_UNKNOWN_FIELD");
    // a creation that succeeds afterwards is emailed, and is the only email of all these requests
    assertEquals(201, createInstructor(admin, "new@school.id").status());
    assertEquals("new@school.id", Mailbox.one("new@school.id").to());
    assertEquals(1, count("SELECT count(*) FROM auth.outbox"));
    assertEquals(List.of(), Mailbox.read("budi@school.id"));
    assertEquals(List.of(), Mailbox.read("x@school.id"));
  }


  // --- roles and deletion -----------------------------------------------------------------------

  @Test
  void roleChangeTakesEffectOnTheNextRequest() throws Exception {
    Promise<JsonObject> event = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus()
      .consumer("events.user.role.changed", m -> event.tryComplete(m.body()));
    TestApp.await(consumer.completion());
    try {
      Response r = call("auth.changeRole", admin).path("id", studentId).body(new JsonObject().put("role", "instructor")).send();
      assertEquals(200, r.status(), r.toString());
      assertEquals("instructor", r.data().getString("role"));
      assertNotNull(r.data().getJsonObject("profile"), "the instructor profile is created");

      assertError(call("auth.me", student).send(), 401, "AUTH_UNAUTHORIZED");
      String fresh = TestUsers.login("siti@school.id", PASSWORD).getString("access_token");
      assertEquals("instructor", call("auth.me", fresh).send().data().getString("role"));

      JsonObject payload = TestApp.await(event.future());
      assertEquals("user.role.changed", payload.getString("event_type"));
      assertEquals(studentId, payload.getJsonObject("data").getString("user_id"));
      assertEquals("student", payload.getJsonObject("data").getString("old_role"));
      assertEquals("auth", payload.getJsonObject("metadata").getString("source_service"));
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void theLastAdminCannotDemoteOrDeleteThemself() {
    String adminId = call("auth.me", admin).send().data().getString("id");
    assertError(call("auth.changeRole", admin).path("id", adminId).body(new JsonObject().put("role", "student")).send(),
      409, "AUTH_LAST_ADMIN");
    assertError(call("auth.deleteUser", admin).path("id", adminId).send(), 409, "AUTH_LAST_ADMIN");
    assertEquals(200, call("auth.me", admin).send().status(), "still an admin, still logged in");
  }

  @Test
  void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
    String otherId = TestUsers.create("admin", "second-admin@school.id", PASSWORD, "active");
    String other = TestUsers.login("second-admin@school.id", PASSWORD).getString("access_token");
    String adminId = call("auth.me", admin).send().data().getString("id");
    Api.Call first = call("auth.changeRole", admin).path("id", otherId).body(new JsonObject().put("role", "student"));
    Api.Call second = call("auth.changeRole", other).path("id", adminId).body(new JsonObject().put("role", "student"));
    var a = first.sendAsync();
    var b = second.sendAsync();
    TestApp.await(Future.join(a, b));
    List<Integer> statuses = List.of(first.checked(a.result()).status(), second.checked(b.result()).status());
    assertTrue(statuses.contains(200), statuses.toString());
    try (var c = TestApp.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*) FROM auth.users WHERE role = 'admin' AND deleted_at IS NULL")) {
      rs.next();
      assertEquals(1, rs.getInt(1), "exactly one admin remains");
    }
  }

  @Test
  void roleChangeValidation() {
    assertError(call("auth.changeRole", admin).path("id", studentId).body(new JsonObject().put("role", "owner")).send(),
      400, "VALIDATION_INVALID_ENUM");
    assertError(call("auth.changeRole", admin).path("id", UUID.randomUUID().toString())
      .body(new JsonObject().put("role", "student")).send(), 404, "AUTH_USER_NOT_FOUND");
    assertError(call("auth.changeRole", instructor).path("id", studentId).body(new JsonObject().put("role", "admin")).send(),
      403, "AUTH_FORBIDDEN");
  }

  @Test
  void deletedUsersDisappearAndCannotLogIn() {
    Response r = call("auth.deleteUser", admin).path("id", studentId).header("Accept-Language", "en").send();
    assertEquals(200, r.status());
    assertEquals("User deleted successfully", r.json().getString("message"));
    assertError(call("auth.me", student).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(call("auth.login", null).body(new JsonObject().put("email", "siti@school.id").put("password", PASSWORD)).send(),
      401, "AUTH_INVALID_CREDENTIALS");
    assertError(call("auth.getUser", admin).path("id", studentId).send(), 404, "AUTH_USER_NOT_FOUND");
    assertEquals(0, call("auth.listStudents", admin).send().data().getJsonArray("students").size());
    assertError(call("auth.deleteUser", admin).path("id", studentId).send(), 404, "AUTH_USER_NOT_FOUND");
    // the email is free again
    assertEquals(201, createInstructor(admin, "siti@school.id").status());
    assertError(call("auth.deleteUser", student).path("id", instructorId).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(call("auth.deleteUser", instructor).path("id", studentId).send(), 403, "AUTH_FORBIDDEN");
  }

  // --- service lookup ---------------------------------------------------------------------------

  @Test
  void byEmailNeedsTheServiceKeyNotAUserToken() {
    Response ok = call("auth.userByEmail", null).header("X-Service-Key", TestApp.SERVICE_KEY)
      .query("email", "SITI@school.id").send();
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(studentId, ok.data().getString("id"));
    assertError(call("auth.userByEmail", admin).query("email", "siti@school.id").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(call("auth.userByEmail", null).header("X-Service-Key", "wrong").query("email", "siti@school.id").send(),
      401, "AUTH_UNAUTHORIZED");
    assertError(call("auth.userByEmail", null).header("X-Service-Key", TestApp.SERVICE_KEY)
      .query("email", "nobody@school.id").send(), 404, "AUTH_USER_NOT_FOUND");
  }

  @Test
  void userStatsCountRolesAndStates() {
    TestUsers.create("student", "pending@school.id", null, "pending");
    JsonObject stats = call("auth.userStats", admin).send().data();
    assertEquals(2, stats.getInteger("total_students"));
    assertEquals(1, stats.getInteger("total_teachers"));
    assertEquals(1, stats.getInteger("pending_approvals"));
    assertEquals(2, stats.getInteger("new_registrations_this_month"));
    assertNull(stats.getValue("unknown"));
  }

  private static List<String> emails(JsonArray users) {
    return users.stream().map(u -> ((JsonObject) u).getString("email")).sorted().toList();
  }
}
