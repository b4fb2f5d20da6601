package verticles.billing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.auth.TestUsers;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, packages: public reads of active packages (with ETag revalidation), the admin's create, replace and soft
 * delete (refused while an unpaid invoice names the package), every failure through HTTP; and a registration naming a
 * package (active, including the course) whose approval invoices the package's price.
 */
class PackagesTest {
  String admin, course, other;

  @BeforeEach
  void reset() {
    Billing.reset();
    admin = TestUsers.adminToken();
    course = Billing.course(admin, "Gitar Pemula", 100_000, 10);
    other = Billing.course(admin, "Piano", 150_000, 10);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  private Api.Call call(String op) {
    return Api.get().call(op);
  }

  @Test
  void anAdminCreatesReadsReplacesAndDeletesAPackage() {
    Response created = call("billing.createPackage").token(admin).body(Billing.packageBody("Paket Entry", 250_000, 4, course)
      .put("valid_days", 30)).send();
    assertEquals(201, created.status(), created.toString());
    JsonObject pkg = created.data();
    String id = pkg.getString("id");
    assertEquals("Paket Entry", pkg.getString("name"));
    assertEquals(250_000L, pkg.getLong("price"));
    assertEquals(new JsonArray().add(course), pkg.getJsonArray("course_ids"));
    assertEquals(4, pkg.getInteger("sessions"));
    assertEquals(30, pkg.getInteger("valid_days"));
    assertTrue(pkg.getBoolean("is_active"));

    Response read = call("billing.getPackage").path("id", id).send(); // a visitor
    assertEquals(200, read.status(), read.toString());
    assertEquals(pkg.getString("name"), read.data().getString("name"));

    Response replaced = call("billing.updatePackage").path("id", id).token(admin)
      .body(Billing.packageBody("Paket Plus", 400_000, null, course, other)).send();
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals("Paket Plus", replaced.data().getString("name"));
    assertEquals(2, replaced.data().getJsonArray("course_ids").size());
    assertEquals(null, replaced.data().getValue("sessions"));
    assertEquals(null, replaced.data().getValue("valid_days"));

    Response deleted = call("billing.deletePackage").path("id", id).token(admin).send();
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals("Paket berhasil dihapus.", deleted.json().getString("message"), "Indonesian by default (issue 20)");
    assertError(call("billing.getPackage").path("id", id).token(admin).send(), 404, "PACKAGE_NOT_FOUND");
    assertError(call("billing.deletePackage").path("id", id).token(admin).send(), 404, "PACKAGE_NOT_FOUND");
    assertError(call("billing.updatePackage").path("id", id).token(admin).body(Billing.packageBody("Lagi", 1, null, course)).send(),
      404, "PACKAGE_NOT_FOUND");
    assertEquals(0, call("billing.listPackages").token(admin).send().json().getJsonArray("data").size());
  }

  @Test
  void visitorsSeeActivePackagesOnlyAdminsSeeInactiveOnesToo() {
    String active = Billing.pkg(admin, "Aktif", 100_000, null, course);
    Response inactive = call("billing.createPackage").token(admin)
      .body(Billing.packageBody("Nonaktif", 50_000, null, course).put("is_active", false)).send();
    String hidden = inactive.data().getString("id");
    JsonArray publicList = call("billing.listPackages").send().json().getJsonArray("data");
    assertEquals(1, publicList.size());
    assertEquals(active, publicList.getJsonObject(0).getString("id"));
    String student = TestUsers.create("student", "siswa@example.com", "Siswa-Rahasia-2026", "active");
    assertNotNull(student);
    String studentToken = TestUsers.login("siswa@example.com", "Siswa-Rahasia-2026").getString("access_token");
    assertEquals(1, call("billing.listPackages").token(studentToken).send().json().getJsonArray("data").size());
    assertError(call("billing.getPackage").path("id", hidden).send(), 404, "PACKAGE_NOT_FOUND");
    assertError(call("billing.getPackage").path("id", hidden).token(studentToken).send(), 404, "PACKAGE_NOT_FOUND");
    assertEquals(200, call("billing.getPackage").path("id", hidden).token(admin).send().status());
    JsonArray adminList = call("billing.listPackages").token(admin).send().json().getJsonArray("data");
    assertEquals(2, adminList.size());
    assertEquals(hidden, adminList.getJsonObject(0).getString("id"), "cheapest first");
  }

  @Test
  void publicReadsRevalidateWithTheirETag() {
    Billing.pkg(admin, "Paket Entry", 250_000, 4, course);
    Response first = call("billing.listPackages").send();
    String etag = first.header("ETag");
    assertNotNull(etag);
    assertEquals("no-cache", first.header("Cache-Control"));
    assertEquals(304, call("billing.listPackages").header("If-None-Match", etag).send().status());
    Billing.pkg(admin, "Paket Lanjut", 500_000, 8, course);
    Response changed = call("billing.listPackages").header("If-None-Match", etag).send();
    assertEquals(200, changed.status());
    assertEquals(2, changed.json().getJsonArray("data").size());
  }

  @Test
  void writesAreTheAdminsAndBodiesAreChecked() {
    JsonObject body = Billing.packageBody("Paket", 100_000, null, course);
    assertError(call("billing.createPackage").body(body).send(), 401, "AUTH_UNAUTHORIZED");
    TestUsers.create("instructor", "guru@example.com", "Guru-Rahasia-2026", "active");
    String instructor = TestUsers.login("guru@example.com", "Guru-Rahasia-2026").getString("access_token");
    assertError(call("billing.createPackage").token(instructor).body(body).send(), 403, "AUTH_FORBIDDEN");
    String id = Billing.pkg(admin, "Paket", 100_000, null, course);
    assertError(call("billing.updatePackage").path("id", id).token(instructor).body(body).send(), 403, "AUTH_FORBIDDEN");
    assertError(call("billing.deletePackage").path("id", id).token(instructor).send(), 403, "AUTH_FORBIDDEN");

    Response unknownCourse = call("billing.createPackage").token(admin)
      .body(Billing.packageBody("Paket", 100_000, null, UUID.randomUUID().toString())).send();
    assertError(unknownCourse, 400, "VALIDATION_ERROR");
    assertEquals("course_ids", unknownCourse.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("course_ids", new JsonArray())).send().status());
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("price", -1)).send().status());
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("price", "250000")).send().status());
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("sessions", 0)).send().status());
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("name", "   ")).send().status());
    assertEquals(400, call("billing.createPackage").token(admin).body(body.copy().put("is_deleted", true)).send().status());
    assertError(call("billing.getPackage").path("id", UUID.randomUUID().toString()).send(), 404, "PACKAGE_NOT_FOUND");
  }

  @Test
  void aRegistrationNamesAPackageAndItsApprovalInvoicesThePackagesPrice() {
    String pkg = Billing.pkg(admin, "Paket Entry", 250_000, 6, course);
    String id = Billing.registered(Billing.registration(course, "paket@example.com").put("package_id", pkg));
    assertEquals(pkg, Billing.string("SELECT package_id::text FROM enrollment.enrollments WHERE id = '" + id + "'"));
    JsonObject event = Billing.approvedWithInvoice(admin, id, new JsonObject().put("sessions", 10)); // the package's count wins
    JsonObject invoice = call("billing.getInvoice").path("id", event.getString("invoice_id")).token(admin).send().data();
    assertEquals(250_000L, invoice.getLong("amount"));
    assertEquals(pkg, invoice.getString("package_id"));
    assertEquals("Paket Entry", invoice.getString("package_name"));
    assertEquals(6, invoice.getInteger("sessions"));
    assertEquals("Paket Entry — Gitar Pemula", invoice.getString("description"));

    // the unpaid invoice names the package: it stays
    assertError(call("billing.deletePackage").path("id", pkg).token(admin).send(), 409, "PACKAGE_IN_USE");
    // once the enrollment is cancelled its invoice is too, and the package may go
    Billing.events("invoice.cancelled", 1, () -> assertEquals(200,
      call("enrollment.cancel").path("id", id).token(admin).send().status()));
    assertEquals(200, call("billing.deletePackage").path("id", pkg).token(admin).send().status());
    // the cancelled invoice still shows the deleted package's name
    assertEquals("Paket Entry", call("billing.getInvoice").path("id", event.getString("invoice_id")).token(admin).send()
      .data().getString("package_name"));
  }

  @Test
  void aRegistrationsPackageMustBeActiveAndIncludeTheCourse() {
    String pianoOnly = Billing.pkg(admin, "Paket Piano", 300_000, null, other);
    Response inactive = call("billing.createPackage").token(admin)
      .body(Billing.packageBody("Lama", 100_000, null, course).put("is_active", false)).send();
    for (String pkg : new String[]{pianoOnly, inactive.data().getString("id"), UUID.randomUUID().toString()}) {
      Response r = call("enrollment.register").body(Billing.registration(course, "x@example.com").put("package_id", pkg)).send();
      assertError(r, 400, "ENROLLMENT_INVALID_PACKAGE");
      assertEquals("package_id", r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    }
    assertEquals(400, call("enrollment.register").body(Billing.registration(course, "x@example.com").put("package_id", "paket"))
      .send().status());
    assertEquals(0, TestAppCount.enrollments());

    // a signed-in student's booking may name one too
    TestUsers.create("student", "booker@example.com", "Siswa-Rahasia-2026", "active");
    String token = TestUsers.login("booker@example.com", "Siswa-Rahasia-2026").getString("access_token");
    assertError(call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)
      .put("package_id", pianoOnly)).send(), 400, "ENROLLMENT_INVALID_PACKAGE");
    String fits = Billing.pkg(admin, "Paket Gitar", 200_000, 4, course);
    Response booked = call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)
      .put("package_id", fits)).send();
    assertEquals(201, booked.status(), booked.toString());
    assertEquals(fits, Billing.string("SELECT package_id::text FROM enrollment.enrollments WHERE id = '"
      + booked.data().getString("enrollment_id") + "'"));
  }

  @Test
  void aCourseDeletedFromTheCatalogLeavesItsPackages() {
    String pkg = Billing.pkg(admin, "Paket Duo", 300_000, null, course, other);
    Response deleted = call("catalog.deleteCourse").path("id", other).token(admin).send();
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals(new JsonArray().add(course), call("billing.getPackage").path("id", pkg).send().data().getJsonArray("course_ids"));
  }

  /** Counts through SQL (what the API never lists). */
  private static final class TestAppCount {
    static long enrollments() {
      return verticles.TestApp.count("SELECT count(*) FROM enrollment.enrollments");
    }
  }
}
