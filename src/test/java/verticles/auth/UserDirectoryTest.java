package verticles.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.auth.AccountFlows.PASSWORD;
import static verticles.auth.AccountFlows.assertError;
import static verticles.auth.AccountFlows.field;
import static verticles.auth.AccountFlows.me;

/**
 * The admin's user list with its filters, the student's own profile update (PATCH /api/users/me) that never reaches
 * email, role, type or NIM, and the admin's type changes (issue 16).
 */
class UserDirectoryTest {
  String admin, student, studentId, dikeId, instructorId;

  @BeforeEach
  void reset() {
    TestApp.resetData();
    admin = TestUsers.adminToken();
    studentId = TestUsers.create("student", "siti@contoh.id", PASSWORD, "active");
    student = TestUsers.login("siti@contoh.id", PASSWORD).getString("access_token");
    dikeId = TestUsers.create("student", "agus@ugm.ac.id", PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET type = 'DIKE', nim = '24/000001/PA/000001', full_name = 'Agus Prasetyo', email_verified = false "
      + "WHERE id = '" + dikeId + "'");
    TestUsers.create("student", "applicant@contoh.id", null, "active");
    instructorId = TestUsers.create("instructor", "guru@contoh.id", PASSWORD, "pending");
  }

  private Response users(String... query) {
    Api.Call call = Api.get().call("auth.listUsers").token(admin);
    for (int i = 0; i < query.length; i += 2) call.query(query[i], query[i + 1]);
    Response r = call.send();
    assertEquals(200, r.status(), r.toString());
    return r;
  }

  private static List<String> emails(Response r) {
    List<String> emails = new ArrayList<>();
    for (Object user : r.data().getJsonArray("users")) emails.add(((JsonObject) user).getString("email"));
    return emails;
  }

  private Api.Call changeRole(String id, JsonObject body) {
    return Api.get().call("auth.changeRole").token(admin).path("id", id).body(body);
  }

  // --- GET /api/users -------------------------------------------------------------------------------

  @Test
  void adminsListEveryUserWithTypeNimAndAccountState() {
    Response all = users();
    assertEquals(5, all.data().getJsonObject("pagination").getInteger("total"));
    JsonObject dike = all.data().getJsonArray("users").stream().map(JsonObject.class::cast)
      .filter(u -> u.getString("id").equals(dikeId)).findFirst().orElseThrow();
    assertEquals("DIKE", dike.getString("type"));
    assertEquals("24/000001/PA/000001", dike.getString("nim"));
    assertFalse(dike.getBoolean("email_verified"));
    assertTrue(dike.getBoolean("has_password"));
    JsonObject applicant = all.data().getJsonArray("users").stream().map(JsonObject.class::cast)
      .filter(u -> u.getString("email").equals("applicant@contoh.id")).findFirst().orElseThrow();
    assertFalse(applicant.getBoolean("has_password"), "created at approval, cannot log in yet");
    assertEquals("UMUM", applicant.getString("type"));
    assertNull(applicant.getString("nim"));

    assertEquals(List.of("agus@ugm.ac.id"), emails(users("type", "DIKE")));
    assertEquals(4, users("type", "UMUM").data().getJsonObject("pagination").getInteger("total"));
    assertEquals(List.of("guru@contoh.id"), emails(users("role", "instructor")));
    assertEquals(List.of(TestApp.ADMIN_EMAIL), emails(users("role", "admin")));
    assertEquals(3, users("role", "student").data().getJsonArray("users").size());
    assertEquals(List.of("guru@contoh.id"), emails(users("status", "pending")));
    assertEquals(List.of("agus@ugm.ac.id"), emails(users("search", "000001/pa")), "NIM, case-insensitive");
    assertEquals(List.of("agus@ugm.ac.id"), emails(users("search", "prasetyo")), "name");
    assertEquals(List.of("siti@contoh.id"), emails(users("search", "SITI@")), "email");
    assertEquals(List.of(), emails(users("search", "%")), "wildcards are literal");
    assertEquals(List.of("agus@ugm.ac.id"), emails(users("role", "student", "type", "DIKE", "status", "active")));

    Response page = users("limit", "2", "page", "3");
    assertEquals(1, page.data().getJsonArray("users").size());
    assertEquals(new JsonObject().put("page", 3).put("limit", 2).put("total", 5).put("total_pages", 3),
      page.data().getJsonObject("pagination"));
  }

  @Test
  void onlyAdminsListUsers() {
    assertError(Api.get().call("auth.listUsers").token(student).send(), 403, "AUTH_FORBIDDEN");
    TestUsers.create("instructor", "aktif@contoh.id", PASSWORD, "active");
    String instructor = TestUsers.login("aktif@contoh.id", PASSWORD).getString("access_token");
    assertError(Api.get().call("auth.listUsers").token(instructor).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("auth.listUsers").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("auth.listUsers").token(admin).query("type", "VIP").send(), 400, "VALIDATION_INVALID_ENUM");
    assertError(Api.get().call("auth.listUsers").token(admin).query("role", "owner").send(), 400, "VALIDATION_INVALID_ENUM");
    assertError(Api.get().call("auth.listUsers").token(admin).query("limit", "101").send(), 400, "VALIDATION_ERROR");
  }

  // --- PATCH /api/users/me --------------------------------------------------------------------------

  @Test
  void aStudentPatchesContactDataAndProfile() {
    Response r = Api.get().call("auth.patchMe").token(student).body(new JsonObject().put("full_name", "Siti Rahma")
      .put("phone_number", "081234567890").put("wa_number", "6281234567891").put("address", "Jl. Melati 3")
      .put("profile", new JsonObject().put("school_origin", "SMA Negeri 3").put("parent_name", "Ibu Ani"))).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals("Siti Rahma", r.data().getString("full_name"));
    assertEquals("+6281234567890", r.data().getString("phone_number"));
    assertEquals("+6281234567891", r.data().getString("wa_number"));
    assertEquals("Jl. Melati 3", r.data().getString("address"));
    assertEquals("SMA Negeri 3", r.data().getJsonObject("profile").getString("school_origin"));
    Response again = Api.get().call("auth.patchMe").token(student).body(new JsonObject().put("address", "Jl. Mawar 4")).send();
    assertEquals("Siti Rahma", again.data().getString("full_name"), "omitted fields keep their value");
    assertEquals("Ibu Ani", again.data().getJsonObject("profile").getString("parent_name"));
    assertEquals("Siti Rahma", me(student).data().getString("name"));
  }

  @Test
  void emailRoleTypeAndNimAreNotWritableThroughMe() {
    for (String[] attempt : new String[][]{{"email", "other@contoh.id"}, {"role", "admin"}, {"type", "DIKE"},
      {"nim", "24/000009/PA/000009"}, {"status", "active"}, {"email_verified", "true"}}) {
      for (String op : new String[]{"auth.patchMe", "auth.updateMe"}) {
        Response r = Api.get().call(op).token(student).body(new JsonObject().put(attempt[0], attempt[1])).send();
        assertError(r, 400, "VALIDATION_UNKNOWN_FIELD");
        assertEquals(attempt[0], field(r), op);
      }
    }
    assertError(Api.get().call("auth.patchMe").token(student).body(new JsonObject()).send(), 400, "VALIDATION_ERROR");
    assertError(Api.get().call("auth.patchMe").body(new JsonObject().put("address", "x")).send(), 401, "AUTH_UNAUTHORIZED");
    JsonObject self = me(student).data();
    assertEquals("siti@contoh.id", self.getString("email"));
    assertEquals("student", self.getString("role"));
    assertEquals("UMUM", self.getString("type"));
    assertNull(self.getString("nim"));
  }

  // --- PATCH /api/users/{id}/role with a type ---------------------------------------------------------

  @Test
  void anAdminChangesTheAccountType() {
    Response dike = changeRole(studentId, new JsonObject().put("type", "DIKE").put("nim", "23/123456/TK/12345")).send();
    assertEquals(200, dike.status(), dike.toString());
    assertEquals("DIKE", dike.data().getString("type"));
    assertEquals("23/123456/TK/12345", dike.data().getString("nim"));
    assertEquals("student", dike.data().getString("role"));
    assertEquals(200, me(student).status(), "a type change alone ends no session");
    assertEquals("DIKE", me(student).data().getString("type"));

    Response umum = changeRole(dikeId, new JsonObject().put("type", "UMUM")).send();
    assertEquals(200, umum.status(), umum.toString());
    assertEquals("UMUM", umum.data().getString("type"));
    assertNull(umum.data().getString("nim"), "the NIM goes with the type");
    // the freed NIM can be given to someone else
    assertEquals(200, changeRole(studentId, new JsonObject().put("type", "DIKE").put("nim", "24/000001/PA/000001")).send().status());

    // role and type in one change; the role change ends the user's sessions as before
    Response both = changeRole(studentId, new JsonObject().put("role", "instructor").put("type", "UMUM")).send();
    assertEquals(200, both.status(), both.toString());
    assertEquals("instructor", both.data().getString("role"));
    assertEquals("UMUM", both.data().getString("type"));
    assertError(me(student), 401, "AUTH_UNAUTHORIZED");
    // the same role with a type: the type applies
    Response same = changeRole(studentId, new JsonObject().put("role", "instructor").put("type", "DIKE")
      .put("nim", "24/000002/PA/000002")).send();
    assertEquals("DIKE", same.data().getString("type"));
    assertEquals("instructor", same.data().getString("role"));
  }

  @Test
  void typeChangesAreValidated() {
    Response missing = changeRole(studentId, new JsonObject().put("type", "DIKE")).send();
    assertError(missing, 400, "VALIDATION_REQUIRED_FIELD");
    assertEquals("nim", field(missing));
    assertError(changeRole(studentId, new JsonObject().put("type", "UMUM").put("nim", "24/000003/PA/000003")).send(),
      400, "VALIDATION_ERROR");
    assertError(changeRole(studentId, new JsonObject().put("nim", "24/000003/PA/000003")).send(), 400, "VALIDATION_ERROR");
    assertEquals(400, changeRole(studentId, new JsonObject().put("type", "DIKE").put("nim", "24/3/PA/3")).send().status());
    assertError(changeRole(studentId, new JsonObject()).send(), 400, "VALIDATION_ERROR");
    Response taken = changeRole(studentId, new JsonObject().put("type", "DIKE").put("nim", "24/000001/PA/000001")).send();
    assertError(taken, 409, "AUTH_NIM_ALREADY_EXISTS");
    assertEquals("UMUM", me(student).data().getString("type"), "nothing changed");
    // with a role change too, the whole change is refused
    assertError(changeRole(studentId, new JsonObject().put("role", "instructor").put("type", "DIKE")
      .put("nim", "24/000001/PA/000001")).send(), 409, "AUTH_NIM_ALREADY_EXISTS");
    assertEquals("student", me(student).data().getString("role"), "nothing changed, the session lives");
    assertError(changeRole(UUID.randomUUID().toString(), new JsonObject().put("type", "UMUM")).send(), 404, "AUTH_USER_NOT_FOUND");
    assertError(Api.get().call("auth.changeRole").token(student).path("id", studentId)
      .body(new JsonObject().put("type", "DIKE").put("nim", "24/000004/PA/000004")).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(new JsonArray(), new JsonArray(emails(users("search", "000004"))));
  }
}
