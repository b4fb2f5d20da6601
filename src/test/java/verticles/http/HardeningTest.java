package verticles.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static verticles.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: each class of fault the fuzzer and the replayed public bug reports found, kept as a named
 * regression test with the exact value that broke it. Nothing here may answer 5xx; every error is the envelope.
 */
class HardeningTest {
  private static final String PASSWORD = "Harden-Pass-2026";
  private static String admin, instructor, instructorId, student;

  @BeforeAll
  static void setUp() {
    TestApp.resetData();
    admin = TestUsers.adminToken();
    instructorId = TestUsers.create("instructor", "guru@harden.id", PASSWORD, "active");
    instructor = TestUsers.login("guru@harden.id", PASSWORD).getString("access_token");
    TestUsers.create("student", "murid@harden.id", PASSWORD, "active");
    student = TestUsers.login("murid@harden.id", PASSWORD).getString("access_token");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Response raw(HttpMethod method, String path, MultiMap headers, String body) {
    return Api.get().raw(method, path, headers, body == null ? null : Buffer.buffer(body));
  }

  private static MultiMap headers(String... nameValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) headers.add(nameValues[i], nameValues[i + 1]);
    return headers;
  }

  static void assertEnvelope(int status, String code, int actualStatus, JsonObject body, String contentType) {
    assertEquals(status, actualStatus, body.encode());
    assertTrue(contentType != null && contentType.startsWith("application/json"), contentType);
    assertFalse(body.getBoolean("success"));
    assertEquals(code, body.getString("code"), body.encode());
    assertNotNull(body.getString("error"));
  }

  private static void assertEnvelope(Response r, int status, String code) {
    assertEnvelope(status, code, r.status(), r.json(), r.header("Content-Type"));
  }

  private static void assertEnvelope(RawHttp.Answer a, int status, String code) {
    assertEnvelope(status, code, a.status(), a.json(), a.headers().get("content-type"));
  }

  private static String badField(JsonObject envelope) {
    return envelope.getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field");
  }

  private static JsonObject course(String title) {
    Response r = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject().put("title", title)
      .put("description", "Regression course").put("level", "beginner").put("price_per_session", 100000)
      .put("duration_minutes", 60).put("max_students", 5).put("instructor_id", instructorId)).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  private static List<String> titles(Response r) {
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("courses").stream().map(c -> ((JsonObject) c).getString("title")).toList();
  }

  private static Response search(String rawQueryValue) {
    return raw(HttpMethod.GET, "/api/courses?search=" + rawQueryValue, null, null);
  }

  private static JsonObject registration(String courseId, String email) {
    return new JsonObject().put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", courseId).put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS)
      .put("idempotency_key", UUID.randomUUID().toString());
  }

  // --- 1. a Content-Type on an operation without a body -------------------------------------------

  /**
   * Third review of issue 14: refusals made before the router's later root handlers (a bad percent-escape, a form on
   * GET, a foreign Origin) carry the security headers too.
   */
  @Test
  void earlyRefusalsCarryTheSecurityHeaders() {
    Response escape = raw(HttpMethod.GET, "/api/courses?search=%ZZ", null, null);
    Response form = raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "application/x-www-form-urlencoded"), null);
    Response foreign = raw(HttpMethod.GET, "/api/courses", headers("Origin", "https://evil.example"), null);
    assertEquals(List.of(400, 415, 403), List.of(escape.status(), form.status(), foreign.status()));
    for (Response r : List.of(escape, form, foreign)) {
      assertEquals("nosniff", r.header("X-Content-Type-Options"), r.toString());
      assertEquals("DENY", r.header("X-Frame-Options"), r.toString());
      assertEquals("default-src 'none'; frame-ancestors 'none'", r.header("Content-Security-Policy"), r.toString());
    }
  }

  @Test
  void contentTypeJsonOnAGetIsServed() {
    Response r = raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "application/json"), null);
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  void logoutWithContentTypeAndEmptyObjectEndsTheSession() {
    JsonObject tokens = TestUsers.login("murid@harden.id", PASSWORD);
    String access = tokens.getString("access_token");
    Response r = raw(HttpMethod.POST, "/api/auth/logout",
      headers("Authorization", "Bearer " + access, "Content-Type", "application/json"), "{}");
    assertEquals(200, r.status(), r.toString());
    assertEquals(401, Api.get().call("auth.me").token(access).send().status());
    Response refresh = Api.get().call("auth.refresh")
      .body(new JsonObject().put("refresh_token", tokens.getString("refresh_token"))).send();
    assertEquals(401, refresh.status(), refresh.toString());
  }

  /** "{}" is no body wherever none is needed, whatever the Content-Type: curl -d '{}' sends a form type. */
  @Test
  void anEmptyObjectIsNoBodyWhateverTheContentType() {
    for (String type : new String[]{"text/plain;charset=UTF-8", "application/x-www-form-urlencoded"}) {
      String access = TestUsers.login("murid@harden.id", PASSWORD).getString("access_token");
      Response r = raw(HttpMethod.POST, "/api/auth/logout", headers("Authorization", "Bearer " + access, "Content-Type", type), "{}");
      assertEquals(200, r.status(), type + " " + r);
      assertEquals(401, Api.get().call("auth.me").token(access).send().status(), type);
    }
    assertEquals(200, raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "text/plain"), "{}").status());
  }

  /** A JSON body must be UTF-8: overlong forms ("/" as C0 AF) and UTF-16 are refused, as in the URI. */
  @Test
  void aBodyThatIsNotUtf8Is400() {
    String room = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "Ruang UTF").put("capacity", 2))
      .send().data().getString("id");
    byte[] overlong = "{\"name\":\"Ruang \u00c0\u00af\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Response r = Api.get().raw(HttpMethod.PUT, "/api/rooms/" + room,
      headers("Authorization", "Bearer " + admin, "Content-Type", "application/json"), Buffer.buffer(overlong));
    assertEnvelope(r, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("Ruang UTF", Api.get().call("scheduling.getRoom").path("id", room).token(admin).send().data().getString("name"));
  }

  @Test
  void logoutRevokesTheRefreshTokenItIsGiven() {
    JsonObject earlier = TestUsers.login("murid@harden.id", PASSWORD);
    JsonObject current = TestUsers.login("murid@harden.id", PASSWORD);
    Response r = Api.get().call("auth.logout").token(current.getString("access_token"))
      .body(new JsonObject().put("refresh_token", earlier.getString("refresh_token"))).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals(401, Api.get().call("auth.me").token(earlier.getString("access_token")).send().status());
    assertEquals(401, Api.get().call("auth.refresh")
      .body(new JsonObject().put("refresh_token", earlier.getString("refresh_token"))).send().status());
  }

  @Test
  void aBodyOnABodylessOperationIsRefused() {
    assertEnvelope(raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "application/json"), "{\"a\":1}"),
      400, "VALIDATION_UNKNOWN_FIELD");
    assertEnvelope(raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "text/plain"), "hello"),
      415, "UNSUPPORTED_MEDIA_TYPE");
    assertEnvelope(raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "application/json"), "{\"a\":"),
      400, "VALIDATION_INVALID_JSON");
  }

  // --- 2. multipart on a GET ------------------------------------------------------------------------

  @Test
  void multipartOnAGetIs415() {
    assertEnvelope(raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "multipart/form-data; boundary=X"), null),
      415, "UNSUPPORTED_MEDIA_TYPE");
    String part = "--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--X--\r\n";
    assertEnvelope(raw(HttpMethod.GET, "/api/courses", headers("Content-Type", "multipart/form-data; boundary=X"), part),
      415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void aFormWithABadEscapeInTheQueryIsAnsweredNotHung() {
    RawHttp.Answer a = RawHttp.send("POST /api/schedules?%ZZ=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded", "a=b");
    assertEnvelope(a, 400, "VALIDATION_INVALID_ENCODING");
    RawHttp.Answer multipart = RawHttp.send("POST /api/attendance?%=1 HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=X",
      "--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--X--\r\n");
    assertEnvelope(multipart, 400, "VALIDATION_INVALID_ENCODING");
  }

  @Test
  void formsAreRefusedOnEveryPathNotOnlyTheApi() {
    for (String path : new String[]{"/health", "/", "/docs/", "/openapi.yaml", "/nowhere"}) {
      RawHttp.Answer a = RawHttp.send("GET " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded", "a=b");
      assertEnvelope(a, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
  }

  @Test
  void refusalsOfTheHttpLayerAreEnvelopesNot500() {
    RawHttp.Answer expect = RawHttp.send("POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nExpect: foo", "{}");
    assertEnvelope(expect, 417, "EXPECTATION_FAILED");
    RawHttp.Answer range = RawHttp.get("/", "Range: bytes=999999999-");
    assertEnvelope(range, 416, "RANGE_NOT_SATISFIABLE");
  }

  @Test
  void aDeclaredQueryParameterGivenTwiceIs400() {
    Response r = raw(HttpMethod.GET, "/api/courses?limit=1&limit=500", null, null);
    assertEnvelope(r, 400, "VALIDATION_ERROR");
    assertEquals("limit", badField(r.json()));
  }

  // --- 3. percent-decoding --------------------------------------------------------------------------

  @Test
  void malformedEscapesAre400NamingTheParameter() {
    RawHttp.Answer path = RawHttp.get("/api/courses/%");
    assertEnvelope(path, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("path", badField(path.json()));
    for (String value : new String[]{"%ZZ", "50%", "%C3%28"}) {
      RawHttp.Answer a = RawHttp.get("/api/courses?search=" + value);
      assertEnvelope(a, 400, "VALIDATION_INVALID_ENCODING");
      assertEquals("search", badField(a.json()), value);
    }
  }

  @Test
  void queryValuesAreDecodedExactlyOnceAndStayStrings() {
    course("100% Piano");
    course("C++ untuk Pemula");
    course("Level -1 Drums");
    course("Gitar 1.5 Jam");
    assertEquals(List.of("100% Piano"), titles(search("100%25")));
    assertEquals(List.of("C++ untuk Pemula"), titles(search("C%2B%2B")));
    assertEquals(List.of("Level -1 Drums"), titles(search("-1")));
    assertEquals(List.of("Gitar 1.5 Jam"), titles(search("1.5")));
  }

  @Test
  void statusCheckFindsAnAddressWithAPlusTag() {
    String courseId = course("Biola Dasar").getString("id");
    Response created = Api.get().call("enrollment.register").body(registration(courseId, "budi+les@contoh.id")).send();
    assertEquals(201, created.status(), created.toString());
    String number = created.data().getString("registration_number");
    Response r = raw(HttpMethod.GET, "/api/users/check?email=budi%2Bles%40contoh.id&registration_number=" + number
      + "&access_code=" + created.data().getString("access_code"), null, null);
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  void integersOnlyInCanonicalDecimal() {
    for (String value : new String[]{"1e2", "%2B1", "%201", "1.0", "0x10", "99999999999999999999"}) {
      Response r = raw(HttpMethod.GET, "/api/courses?page=" + value, null, null);
      assertEnvelope(r, 400, "VALIDATION_ERROR");
      assertEquals("page", badField(r.json()), value);
    }
    assertEquals(200, raw(HttpMethod.GET, "/api/courses?page=1&limit=100", null, null).status());
  }

  // --- 4. media types ------------------------------------------------------------------------------

  @Test
  void mediaTypesAreCaseInsensitiveWithParametersIgnored() {
    Response r = raw(HttpMethod.POST, "/api/auth/login", headers("Content-Type", "Application/JSON; charset=UTF-8"),
      new JsonObject().put("email", "murid@harden.id").put("password", PASSWORD).encode());
    assertEquals(200, r.status(), r.toString());
  }

  // --- 5. NUL and lone surrogates ------------------------------------------------------------------

  @Test
  void nulInAnyStringIs400AndNothingIsStored() {
    String courseId = course("Drum Dasar").getString("id");
    Response r = Api.get().call("enrollment.register").body(registration(courseId, "nul@contoh.id").put("full_name", "Bu\u0000di")).send();
    assertEnvelope(r, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("full_name", badField(r.json()));
    assertEquals(0L, count("SELECT count(*) FROM enrollment.enrollments WHERE email = 'nul@contoh.id'"));
    Response room = Api.get().call("scheduling.createRoom").token(admin)
      .body(new JsonObject().put("name", "Ruang\u0000A").put("capacity", 4)).send();
    assertEnvelope(room, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("name", badField(room.json()));
  }

  @Test
  void loneSurrogatesAre400() {
    String body = "{\"title\":\"Piano \\ud800\",\"level\":\"beginner\",\"price_per_session\":1,\"duration_minutes\":60,\"max_students\":5}";
    Response r = raw(HttpMethod.POST, "/api/courses", headers("Authorization", "Bearer " + admin, "Content-Type", "application/json"), body);
    assertEnvelope(r, 400, "VALIDATION_INVALID_ENCODING");
    assertEquals("title", badField(r.json()));
    assertEnvelope(raw(HttpMethod.GET, "/api/courses?search=%ED%A0%80", null, null), 400, "VALIDATION_INVALID_ENCODING");
  }

  @Test
  void anOversizedCaptchaTokenIsTheClientsError() {
    String courseId = course("Angklung").getString("id");
    Response r = Api.get().call("enrollment.register")
      .body(registration(courseId, "emoji@contoh.id").put("captcha_token", "\uD83D\uDE00".repeat(4096))).send();
    assertEnvelope(r, 400, "VALIDATION_ERROR");
    assertEquals("captcha_token", badField(r.json()));
  }

  // --- 6. pagination overflow ----------------------------------------------------------------------

  @Test
  void pagesAboveTheMaximumAre400() {
    for (String query : new String[]{"page=2147483647", "page=21474838&limit=100", "page=4294967297", "page=1000001"}) {
      Response r = raw(HttpMethod.GET, "/api/courses?" + query, null, null);
      assertEnvelope(r, 400, "VALIDATION_ERROR");
      assertEquals("page", badField(r.json()), query);
    }
  }

  @Test
  void pastTheLastPageIsAnEmptyListWithTheTruePagination() {
    course("Satu-satunya");
    for (String op : new String[]{"/api/courses", "/api/rooms", "/api/schedules", "/api/users/students", "/api/enrollments", "/api/chat/sessions"}) {
      Response r = raw(HttpMethod.GET, op + "?page=1000000&limit=100", headers("Authorization", "Bearer " + admin), null);
      assertEquals(200, r.status(), op + " " + r);
      JsonObject pagination = r.data().getJsonObject("pagination");
      assertEquals(1000000, pagination.getInteger("page"), op);
      assertTrue(r.data().stream().anyMatch(e -> e.getValue() instanceof JsonArray a && a.isEmpty()), op + " " + r);
    }
  }

  // --- 7. whitespace-only text ---------------------------------------------------------------------

  @Test
  void whitespaceOnlyNamesAre400() {
    Response me = Api.get().call("auth.updateMe").token(student).body(new JsonObject().put("full_name", "   ")).send();
    assertEnvelope(me, 400, "VALIDATION_ERROR");
    assertEquals("full_name", badField(me.json()));
    String courseId = course("Vokal Dasar").getString("id");
    Response reg = Api.get().call("enrollment.register").body(registration(courseId, "spasi@contoh.id").put("full_name", "   ")).send();
    assertEnvelope(reg, 400, "VALIDATION_ERROR");
    assertEquals("full_name", badField(reg.json()));
  }

  /** The contract's patterns are ECMA-262: "$" is the end of the text and "\\s" is Unicode whitespace. */
  @Test
  void patternsMeanWhatTheStandardSays() {
    String courseId = course("Kolintang").getString("id");
    Response range = Api.get().call("enrollment.register").body(registration(courseId, "baris@contoh.id")
      .put("preferred_time_range", new JsonObject().put("start", "10:00\n").put("end", "11:00"))).send();
    assertEnvelope(range, 400, "VALIDATION_ERROR");
    assertEquals("preferred_time_range.start", badField(range.json()));
    for (String blank : new String[]{"\u00a0", " \u00a0 ", "\u3000", "\u2028", "\ufeff"}) {
      Response me = Api.get().call("auth.updateMe").token(student).body(new JsonObject().put("full_name", blank)).send();
      assertEnvelope(me, 400, "VALIDATION_ERROR");
    }
  }

  @Test
  void theYearZeroIsNoDate() {
    Response profile = Api.get().call("auth.updateMe").token(student)
      .body(new JsonObject().put("profile", new JsonObject().put("date_of_birth", "0000-01-01"))).send();
    assertEquals(400, profile.status(), profile.toString());
    assertEquals(400, raw(HttpMethod.GET, "/api/schedules?start_date=0000-01-01", headers("Authorization", "Bearer " + admin), null).status());
  }

  // --- 8. validator exceptions ---------------------------------------------------------------------

  @Test
  void emptyEmailsAre400() {
    Response login = raw(HttpMethod.POST, "/api/auth/login", headers("Content-Type", "application/json"),
      "{\"email\":\"\",\"password\":\"x\"}");
    assertEquals(400, login.status(), login.toString());
    assertEquals("email", badField(login.json()));
    Response check = raw(HttpMethod.GET, "/api/users/check?email=&registration_number=REG-2026-12-001", null, null);
    assertEquals(400, check.status(), check.toString());
    assertEquals("email", badField(check.json()));
  }

  // --- 9. full-text search -------------------------------------------------------------------------

  @Test
  void searchTextIsAlwaysPlainWords() {
    course("Teori Musik");
    for (String text : new String[]{"-".repeat(40), "!!!", "a%26b", "%7C%7C", "(", ":*", "%27", "%5C"}) {
      assertEquals(200, search(text).status(), text);
    }
    assertEquals(List.of("Teori Musik"), titles(search("teori%20%21%20musik")));
  }

  // --- 10. times -----------------------------------------------------------------------------------

  @Test
  void dateFiltersTakeAnyOffset() {
    for (String offset : new String[]{"Z", "%2B07:00", "-05:00", "%2B00:00"}) {
      Response r = raw(HttpMethod.GET, "/api/schedules?start_date=2027-03-10T08:30:00" + offset, headers("Authorization", "Bearer " + admin), null);
      assertEquals(200, r.status(), offset + " " + r);
    }
  }

  @Test
  void classTimesAreKeptToTheSecond() {
    String courseId = course("Presisi").getString("id");
    Response room = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "Ruang Presisi").put("capacity", 4)).send();
    assertEquals(201, room.status(), room.toString());
    String day = LocalDate.now(ZoneOffset.UTC).plusDays(9).toString();
    Response r = Api.get().call("scheduling.createSchedule").token(admin).body(new JsonObject().put("course_id", courseId)
      .put("room_id", room.data().getString("id")).put("start_time", day + "T03:00:00.000001Z")).send();
    assertEquals(201, r.status(), r.toString());
    assertEquals(day + "T03:00:00Z", r.data().getString("start_time"));
    assertEquals(day + "T04:00:00Z", r.data().getString("end_time"));
    assertEquals(1L, count("SELECT count(*) FROM scheduling.schedules WHERE start_time = '" + day + "T03:00:00Z'"));
  }

  @Test
  void seriesPastTheYear9999AreRefused() {
    String courseId = course("Milenium").getString("id");
    Response room = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "Ruang Milenium").put("capacity", 4)).send();
    Response r = Api.get().call("scheduling.createSeries").token(admin).body(new JsonObject().put("course_id", courseId)
      .put("room_id", room.data().getString("id")).put("weekdays", new JsonArray().add("tuesday").add("friday"))
      .put("start_time", "20:00").put("first_date", "9999-12-31").put("weeks", 1)).send();
    assertEnvelope(r, 400, "VALIDATION_INVALID_DATE");
    assertEquals(0L, count("SELECT count(*) FROM scheduling.series"));
  }

  // --- 11. errors before the router ----------------------------------------------------------------

  @Test
  void uriTooLongIs414WithTheEnvelope() {
    assertEnvelope(RawHttp.get("/api/courses?search=" + "a".repeat(9000)), 414, "URI_TOO_LONG");
  }

  @Test
  void headersTooLargeAre431WithTheEnvelope() {
    assertEnvelope(RawHttp.get("/api/courses", "X-Big: " + "b".repeat(9000)), 431, "HEADERS_TOO_LARGE");
  }

  /** A request with both Content-Length and Transfer-Encoding: answered, then the connection is closed. */
  @Test
  void bothFramingsCloseTheConnection() {
    RawHttp.Answer a = RawHttp.send("POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
      + "Transfer-Encoding: chunked", null, "2\r\n{}\r\n0\r\n\r\n");
    assertEquals(400, a.status(), a.body());
    assertEquals("close", a.headers().get("connection"));
  }

  @Test
  void aControlCharacterInTheRequestTargetIs400() {
    RawHttp.Answer a = RawHttp.send("GET /api/courses\u0001 HTTP/1.1", null);
    assertEnvelope(a, 400, "VALIDATION_INVALID_ENCODING");
  }

  /**
   * A chunk size the HTTP codec cannot read: the framing can no longer be trusted, so the connection ends — with
   * the 400 envelope when it can still be written, never a 5xx (the access line says 400, not 200).
   */
  @Test
  void aBodyTheCodecCannotReadIsTheClientsError() {
    RawHttp.Answer a = RawHttp.send("POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
      null, "ZZ\r\n{}\r\n0\r\n\r\n");
    if (a.status() != 0) assertEnvelope(a, 400, "BAD_REQUEST");
  }

  @Test
  void nulInAHeaderIs400WithTheEnvelope() {
    assertEnvelope(RawHttp.get("/api/courses", "X-Odd: a\u0000b"), 400, "BAD_REQUEST");
  }

  // --- 12. tokens with a valid signature and odd claims --------------------------------------------

  /** An HS256 token signed with the academy's own key, with exactly these claims (issuer, audience, iat and exp added unless given). */
  private static String forged(JsonObject claims) {
    JsonObject jwt = TestApp.config().getJsonObject("jwt");
    long now = System.currentTimeMillis() / 1000;
    JsonObject payload = new JsonObject().put("iss", jwt.getString("issuer")).put("aud", jwt.getString("audience"))
      .put("iat", now).put("exp", now + 600).mergeIn(claims);
    var b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
      + "." + b64.encodeToString(payload.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(jwt.getString("secret").getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return unsigned + "." + b64.encodeToString(mac.doFinal(unsigned.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject removed(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }

  @Test
  void oddClaimsAre401() {
    JsonObject good = new JsonObject().put("sub", instructorId).put("role", "instructor").put("email", "guru@harden.id")
      .put("sid", UUID.randomUUID().toString()).put("jti", UUID.randomUUID().toString()).put("typ", "access");
    assertEquals(200, Api.get().call("auth.me").token(forged(good)).send().status(), "the forger signs like the academy");
    List<JsonObject> odd = List.of(
      good.copy().put("exp", "2099-01-01"),
      good.copy().put("sub", "not-a-uuid"),
      good.copy().put("sid", "42"),
      good.copy().put("jti", 7),
      good.copy().put("role", "superuser"),
      good.copy().putNull("role"),
      removed(good, "role"),
      removed(good, "sub"),
      good.copy().put("email", new JsonArray().add("x")),
      good.copy().put("typ", "refresh"));
    for (JsonObject claims : odd) {
      Response r = Api.get().call("auth.me").token(forged(claims)).send();
      assertEnvelope(r, 401, "AUTH_UNAUTHORIZED");
    }
  }

  /** Such a token needs the signing key; where the account is read it is 401, elsewhere never a 5xx. */
  @Test
  void aTokenOfAUserThatDoesNotExistIsRefusedWhereTheAccountIsRead() {
    String ghost = forged(new JsonObject().put("sub", UUID.randomUUID().toString()).put("role", "student")
      .put("email", "ghost@harden.id").put("sid", UUID.randomUUID().toString()).put("jti", UUID.randomUUID().toString())
      .put("typ", "access"));
    assertEnvelope(Api.get().call("auth.me").token(ghost).send(), 401, "AUTH_UNAUTHORIZED");
    for (String op : new String[]{"enrollment.listMine", "chat.mySessions"}) {
      Response r = Api.get().call(op).token(ghost).send();
      assertEquals(200, r.status(), op + " " + r); // nothing of theirs: an empty list
    }
    Response update = Api.get().call("auth.updateMe").token(ghost).body(new JsonObject().put("full_name", "Hantu")).send();
    assertEnvelope(update, 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void timesPastTheYear9999AreNoTimeInAToken() {
    JsonObject claims = new JsonObject().put("sub", instructorId).put("role", "instructor").put("email", "guru@harden.id")
      .put("sid", UUID.randomUUID().toString()).put("jti", UUID.randomUUID().toString()).put("typ", "access");
    assertEnvelope(Api.get().call("auth.logout").token(forged(claims.copy().put("exp", 1e20))).send(), 401, "AUTH_UNAUTHORIZED");
    assertEnvelope(Api.get().call("auth.me").token(forged(claims.copy().put("email", "a\u0000b"))).send(), 401, "AUTH_UNAUTHORIZED");
  }

  // --- 13. the seed's own bodies -------------------------------------------------------------------

  @Test
  void courseUpdateWithTheSeedBodyApplies() {
    JsonObject created = course("Piano Klasik");
    JsonObject seedBody = new JsonObject().put("title", "Piano Klasik Lanjutan").put("description", "Materi baru")
      .put("level", "intermediate").put("price_per_session", 150000).put("duration_minutes", 90).put("max_students", 4);
    Response r = Api.get().call("catalog.updateCourse").path("id", created.getString("id")).token(admin).body(seedBody).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals("Piano Klasik Lanjutan", r.data().getString("title"));
  }

  @Test
  void staleVersionsAre409ByBodyOrIfMatch() {
    JsonObject created = course("Gitar Klasik");
    String id = created.getString("id");
    Response read = Api.get().call("catalog.getCourse").path("id", id).send();
    String etag = read.header("ETag");
    assertEquals("\"" + created.getString("updated_at") + "\"", etag);
    Response first = Api.get().call("catalog.updateCourse").path("id", id).token(admin).header("If-Match", etag)
      .body(new JsonObject().put("max_students", 6)).send();
    assertEquals(200, first.status(), first.toString());
    Response stale = Api.get().call("catalog.updateCourse").path("id", id).token(admin).header("If-Match", etag)
      .body(new JsonObject().put("max_students", 7)).send();
    assertEnvelope(stale, 409, "COURSE_VERSION_CONFLICT");
    Response staleBody = Api.get().call("catalog.updateCourse").path("id", id).token(admin)
      .body(new JsonObject().put("max_students", 7).put("updated_at", created.getString("updated_at"))).send();
    assertEnvelope(staleBody, 409, "COURSE_VERSION_CONFLICT");
    Response current = Api.get().call("catalog.updateCourse").path("id", id).token(admin).header("If-Match", first.header("ETag"))
      .body(new JsonObject().put("max_students", 7)).send();
    assertEquals(200, current.status(), current.toString());
    assertEquals(7, current.data().getInteger("max_students"));
  }

}
