package verticles.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: {@code POST /api/users/import} through HTTP — a CSV of DIKE students as a multipart upload: BOM, {@code ;}
 * separators, quoted separators in names, bad rows, duplicates in the file and in the database, a re-import; files that
 * are not such a CSV; who may import; and the invitation emails, whose links set the password.
 */
class ImportTest {
  static final String PASSWORD = "Member-Pass-42";
  static final String BOUNDARY = "----academy-test-7MA4YWxkTrZu0gW";
  String admin;

  @BeforeEach
  void reset() {
    TestApp.resetData();
    admin = TestUsers.adminToken();
  }

  /** A multipart/form-data body with one file part {@code name} holding {@code content}. */
  static Buffer form(String name, byte[] content) {
    return Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"; filename=\"students.csv\"\r\nContent-Type: text/csv\r\n\r\n").appendBytes(content)
      .appendString("\r\n--" + BOUNDARY + "--\r\n");
  }

  static Response upload(String token, Buffer form) {
    Api.Call call = Api.get().call("auth.importStudents").body("multipart/form-data; boundary=" + BOUNDARY, form);
    return (token == null ? call : call.token(token)).send();
  }

  static Response upload(String token, String csv) {
    return upload(token, form("file", csv.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }


  private static boolean noUploadedFiles() {
    Path uploads = Path.of("file-uploads");
    try (var files = Files.exists(uploads) ? Files.list(uploads) : java.util.stream.Stream.<Path>empty()) {
      return files.findAny().isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonObject error(int row, String field, String message) {
    return new JsonObject().put("row", row).put("field", field).put("message", message);
  }

  /** A BOM, ';' separators as Indonesian spreadsheets export them, a quoted name, a bad row and an email given twice. */
  static final String SEMICOLONS = "\uFEFFname;nim;email\r\n"
    + "\"Budi; Santoso\";24/000001/PA/00001;Budi@UGM.ac.id\r\n"
    + "Siti Rahma;24/000002/pa/000002;siti@ugm.ac.id\r\n"
    + "\r\n"
    + ";24/000003/PA/00003;tanpa.nama@ugm.ac.id\r\n"
    + "Agus;2400004PA00004;agus@ugm.ac.id\r\n"
    + "Budi Kembar;24/000005/PA/00005;budi@ugm.ac.id\r\n";

  @Test
  void importsValidRowsReportsTheOthersAndAReimportAddsNothing() {
    Response first = upload(admin, SEMICOLONS);
    assertEquals(200, first.status(), first.toString());
    JsonArray errors = new JsonArray()
      .add(error(5, "name", "is required"))
      .add(error(6, "nim", "must have the form NN/NNNNNN/XX/NNNNN, e.g. 24/000000/PA/00000"))
      .add(error(7, "email", "appears twice in the file (first on line 2)"));
    assertEquals(new JsonObject().put("total_processed", 5).put("imported", 2).put("skipped", 0).put("errors", errors),
      first.data());
    // DIKE students, pending until they set a password, NIM in upper case, email in lower case, name as quoted
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'budi@ugm.ac.id' AND full_name = 'Budi; Santoso' "
      + "AND role = 'student' AND status = 'pending' AND type = 'DIKE' AND nim = '24/000001/PA/00001' AND password_hash IS NULL"));
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'siti@ugm.ac.id' AND nim = '24/000002/PA/000002'"));
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email IN ('tanpa.nama@ugm.ac.id', 'agus@ugm.ac.id')"));

    // the same file again: nothing new, nobody emailed twice, the bad rows reported again
    Response again = upload(admin, SEMICOLONS);
    assertEquals(new JsonObject().put("total_processed", 5).put("imported", 0).put("skipped", 2).put("errors", errors),
      again.data());
    assertEquals(2, count("SELECT count(*) FROM auth.users WHERE type = 'DIKE'"));
    assertEquals(1, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' = 'budi@ugm.ac.id'"));
    assertEquals(2, count("SELECT count(*) FROM auth.password_tokens"));

    // each imported student's invitation links to the public page's form, which sets the password; then they log in
    String[] link = TestUsers.invitationAmong("budi@ugm.ac.id");
    assertTrue(link[0].startsWith(TestApp.config().getString("public_url") + "/#set-password?token="), link[0]);
    Mailbox.Mail mail = Mailbox.one("budi@ugm.ac.id");
    assertTrue(mail.text().contains("Halo Budi; Santoso,"), mail.text());
    Response set = Api.get().call("auth.setPassword").body(new JsonObject().put("token", link[1]).put("password", "Kuliah-Musik-2026"))
      .send();
    assertEquals(200, set.status(), set.toString());
    assertNotNull(TestUsers.login("budi@ugm.ac.id", "Kuliah-Musik-2026").getString("access_token"));
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'budi@ugm.ac.id' AND status = 'active'"));
    assertEquals("siti@ugm.ac.id", Mailbox.one("siti@ugm.ac.id").to());
    assertTrue(noUploadedFiles(), "the upload never touched the disk (vert.x's default upload directory)");
  }

  @Test
  void commasQuotedFieldsAndAnyHeaderOrderAndCase() {
    String csv = "Email,Name,NIM\n"
      + "dewi@ugm.ac.id,\"Santoso, Dewi \"\"Dee\"\"\",24/000010/PA/00010\n"
      + "  rina@ugm.ac.id ,  Rina  , 24/000011/PA/00011 \n"
      + "bad-email,Joko,24/000012/PA/00012\n"
      + "joko@ugm.ac.id,Joko\n"
      + ",,\n";
    Response r = upload(admin, csv);
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonObject().put("total_processed", 4).put("imported", 2).put("skipped", 0).put("errors", new JsonArray()
        .add(error(4, "email", "is not a valid email address"))
        .add(error(5, "row", "has 2 field(s); expected 3: name, nim, email"))),
      r.data());
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'dewi@ugm.ac.id' AND full_name = 'Santoso, Dewi \"Dee\"'"));
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'rina@ugm.ac.id' AND full_name = 'Rina' "
      + "AND nim = '24/000011/PA/00011'"));
  }

  /**
   * Review of issue 16: anyone may self-register with any NIM; a claim whose owner never verified the address does not
   * block the institution's import — the import's student gets the NIM, the unproven account becomes UMUM.
   */
  @Test
  void anUnprovenSelfRegisteredNimDoesNotBlockTheImport() {
    Response squatted = Api.get().call("auth.register").body(new JsonObject().put("name", "Penyusup")
      .put("email", "squat@evil.test").put("password", "Penyusup-Rahasia-77").put("type", "DIKE")
      .put("nim", "24/000030/PA/00030").put("captcha_token", TestApp.CAPTCHA_PASS)).send();
    assertEquals(201, squatted.status(), squatted.toString());
    Response r = upload(admin, "name,nim,email\nAni Asli,24/000030/PA/00030,ani.asli@ugm.ac.id\n");
    assertEquals(new JsonObject().put("total_processed", 1).put("imported", 1).put("skipped", 0).put("errors", new JsonArray()),
      r.data());
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'ani.asli@ugm.ac.id' AND nim = '24/000030/PA/00030'"));
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'squat@evil.test' AND type = 'UMUM' AND nim IS NULL"));
  }

  /** An email or NIM of another account is reported; that account is left exactly as it is. */
  @Test
  void emailsAndNimsOfOtherAccountsAreReportedAndLeftAlone() {
    TestUsers.create("instructor", "guru@ugm.ac.id", PASSWORD, "active");
    assertEquals(200, upload(admin, "name,nim,email\nAni,24/000020/PA/00020,ani@ugm.ac.id\n").status());
    Response r = upload(admin, "name,nim,email\n"
      + "Guru Baru,24/000021/PA/00021,GURU@ugm.ac.id\n"    // the instructor's email
      + "Ani Lain,24/000020/PA/00020,ani.lain@ugm.ac.id\n" // Ani's NIM with another email
      + "Ani Baru,24/000022/PA/00022,ani@ugm.ac.id\n");    // Ani's email with another NIM
    assertEquals(new JsonObject().put("total_processed", 3).put("imported", 0).put("skipped", 0).put("errors", new JsonArray()
        .add(error(2, "email", "already has an account"))
        .add(error(3, "nim", "already belongs to another account"))
        .add(error(4, "email", "already has an account with another NIM"))),
      r.data());
    Response again = upload(admin, "name,nim,email\nAni,24/000020/pa/00020,ANI@ugm.ac.id\n");
    assertEquals(new JsonObject().put("total_processed", 1).put("imported", 0).put("skipped", 1).put("errors", new JsonArray()),
      again.data());
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'guru@ugm.ac.id' AND role = 'instructor' "
      + "AND full_name = 'Test instructor' AND type = 'UMUM' AND nim IS NULL")); // every account has a type (V15)
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'ani@ugm.ac.id' AND full_name = 'Ani'"));
    assertEquals(0, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' IN ('guru@ugm.ac.id', 'ani.lain@ugm.ac.id')"));
    assertEquals(1, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' = 'ani@ugm.ac.id'"));
  }

  @Test
  void aFileThatIsNotSuchACsvIs400AndImportsNothing() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    Response binary = upload(admin, form("file", png));
    assertError(binary, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("file", binary.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
    String[] notCsv = {
      "{\"students\": [{\"name\": \"Budi\"}]}",
      "name,email\nBudi,budi@ugm.ac.id\n",
      "name,nim,email,phone\nBudi,24/000001/PA/00001,budi@ugm.ac.id,0812\n",
      "",
      "\uFEFF  \r\n",
      "name,nim,email\n\"Budi,24/000001/PA/00001,budi@ugm.ac.id\n",
      "name,nim,email\n" + "Budi,24/000001/PA/00001,budi@ugm.ac.id\n".repeat(5_001),
    };
    for (String csv : notCsv) {
      Response r = upload(admin, csv);
      assertError(r, 400, "VALIDATION_ERROR");
      assertEquals("file", r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"), r.toString());
    }
    assertError(upload(admin, "name,nim,email\nBu\u0000di,24/000001/PA/00001,budi@ugm.ac.id\n"), 400, "VALIDATION_INVALID_ENCODING");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE role = 'student'"));
    assertEquals(0, count("SELECT count(*) FROM auth.outbox"));
  }

  @Test
  void onlyAdminsImport() {
    TestUsers.create("instructor", "guru@ugm.ac.id", PASSWORD, "active");
    TestUsers.create("student", "siswa@ugm.ac.id", PASSWORD, "active");
    String csv = "name,nim,email\nBudi,24/000001/PA/00001,budi@ugm.ac.id\n";
    assertError(upload(TestUsers.login("guru@ugm.ac.id", PASSWORD).getString("access_token"), csv), 403, "AUTH_FORBIDDEN");
    assertError(upload(TestUsers.login("siswa@ugm.ac.id", PASSWORD).getString("access_token"), csv), 403, "AUTH_FORBIDDEN");
    assertError(upload(null, csv), 401, "AUTH_UNAUTHORIZED");
    // a broken body does not tell a caller without a token anything either
    assertError(upload(null, Buffer.buffer("--" + BOUNDARY + "\r\nbroken")), 401, "AUTH_UNAUTHORIZED");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email = 'budi@ugm.ac.id'"));
  }

  /** The form itself: exactly one part "file"; multipart only here; the body limit holds for the whole request. */
  @Test
  void theUploadMustBeOneFilePartWithinTheLimit() {
    String csv = "name,nim,email\nBudi,24/000001/PA/00001,budi@ugm.ac.id\n";
    assertError(upload(admin, form("csv", csv.getBytes(StandardCharsets.UTF_8))), 400, "VALIDATION_ERROR");
    Buffer twice = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
      + csv + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.csv\"\r\n\r\n" + csv
      + "\r\n--" + BOUNDARY + "--\r\n");
    assertError(upload(admin, twice), 400, "VALIDATION_ERROR");
    Response empty = upload(admin, Buffer.buffer("--" + BOUNDARY + "--\r\n"));
    assertEquals(400, empty.status(), empty.toString());
    Response json = Api.get().call("auth.importStudents").token(admin).body(new JsonObject().put("file", csv)).send();
    assertError(json, 415, "UNSUPPORTED_MEDIA_TYPE");
    Response noBoundary = Api.get().call("auth.importStudents").token(admin).body("multipart/form-data", form("file", csv.getBytes(StandardCharsets.UTF_8))).send();
    assertError(noBoundary, 400, "VALIDATION_ERROR");
    Response broken = upload(admin, Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
      + csv)); // never closed
    assertEquals(400, broken.status(), broken.toString());
    byte[] big = ("name,nim,email\n" + "x".repeat(1_100_000)).getBytes(StandardCharsets.UTF_8);
    assertError(upload(admin, form("file", big)), 413, "PAYLOAD_TOO_LARGE");
    // a field instead of a file part is text all the same (curl -F 'file=<students.csv'); another address than the other
    // tests', whose mailboxes this test's email could reach after their reset
    Buffer field = Buffer.buffer("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
      + csv.replace("budi@", "field@") + "\r\n--" + BOUNDARY + "--\r\n");
    Response asField = upload(admin, field);
    assertEquals(200, asField.status(), asField.toString());
    assertEquals(1, asField.data().getInteger("imported"));
    // every other operation still refuses multipart
    Response login = Api.get().call("auth.login").body("multipart/form-data; boundary=" + BOUNDARY, form("file", csv.getBytes(StandardCharsets.UTF_8))).send();
    assertError(login, 415, "UNSUPPORTED_MEDIA_TYPE");
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE role = 'student'"), "only the upload as a field imported");
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'field@ugm.ac.id'"));
  }
}
