package verticles.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.bus.ErrorCode;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bahasa Indonesia first (issue 20): every error code has its text in both bundles; answers speak Indonesian by
 * default and English on {@code Accept-Language: en} or {@code ?lang=en}; codes and details never change.
 */
class ApiLanguageTest {
  static String admin;

  @BeforeAll
  static void setUp() {
    TestApp.resetData();
    admin = TestUsers.adminToken();
  }

  @Test
  void everyErrorCodeHasATextInBothBundles() {
    for (String language : List.of("id", "en")) {
      Properties bundle = Texts.bundle(language);
      List<String> missing = Arrays.stream(ErrorCode.values()).map(code -> "error." + code.name())
        .filter(key -> bundle.getProperty(key) == null || bundle.getProperty(key).isBlank()).toList();
      assertTrue(missing.isEmpty(), "i18n/messages" + (language.equals("id") ? "" : "_en") + ".properties lacks " + missing);
      assertTrue(bundle.getProperty("fields").contains("{0}"), language);
    }
  }

  @Test
  void theBundlesAreTranslationsOfEachOther() {
    Properties id = Texts.bundle("id"), en = Texts.bundle("en");
    for (String key : en.stringPropertyNames()) assertTrue(id.containsKey(key), "only in English: " + key);
    long same = Arrays.stream(ErrorCode.values())
      .filter(c -> id.getProperty("error." + c.name()).equals(en.getProperty("error." + c.name()))).count();
    assertEquals(0, same, "an Indonesian error text left in English");
  }

  @Test
  void errorsAreIndonesianByDefaultWithTheSameCode() {
    Response r = Api.get().call("auth.me").send();
    assertEquals(401, r.status());
    assertEquals("AUTH_UNAUTHORIZED", r.code());
    assertEquals("Silakan masuk terlebih dahulu.", r.json().getString("error"));
  }

  @Test
  void errorsAreEnglishOnAcceptLanguage() {
    Response r = Api.get().call("auth.me").header("Accept-Language", "en-US,en;q=0.9").send();
    assertEquals("AUTH_UNAUTHORIZED", r.code());
    assertEquals("Authentication required", r.json().getString("error"));
    Response id = Api.get().call("auth.me").header("Accept-Language", "id-ID,en;q=0.5").send();
    assertEquals("Silakan masuk terlebih dahulu.", id.json().getString("error"));
  }

  @Test
  void theQueryParameterWinsOverTheHeader() {
    Response en = Api.get().call("auth.me").query("lang", "en").header("Accept-Language", "id").send();
    assertEquals("Authentication required", en.json().getString("error"));
    Response id = Api.get().call("auth.me").query("lang", "id").header("Accept-Language", "en").send();
    assertEquals("Silakan masuk terlebih dahulu.", id.json().getString("error"));
    Response odd = Api.get().call("auth.me").query("lang", "fr").header("Accept-Language", "en").send();
    assertEquals("Authentication required", odd.json().getString("error"), "an unknown lang leaves the header to decide");
  }

  @Test
  void validationErrorsNameTheirFieldsInIndonesianAndKeepTheirDetails() {
    JsonObject bad = new JsonObject().put("name", "").put("capacity", -1);
    Response id = Api.get().call("scheduling.createRoom").token(admin).body(bad).send();
    Response en = Api.get().call("scheduling.createRoom").token(admin).body(bad).header("Accept-Language", "en").send();
    assertEquals(400, id.status());
    assertEquals(en.code(), id.code());
    JsonArray idFields = id.json().getJsonObject("details").getJsonArray("fields");
    JsonArray enFields = en.json().getJsonObject("details").getJsonArray("fields");
    assertEquals(enFields.size(), idFields.size(), id.toString());
    for (int i = 0; i < idFields.size(); i++) {
      JsonObject idField = idFields.getJsonObject(i), enField = enFields.getJsonObject(i);
      assertEquals(enField.getString("field"), idField.getString("field"));
      assertEquals(enField.getString("code"), idField.getString("code"));
      assertFalse(idField.getString("message").equals(enField.getString("message")), "left in English: " + idField);
    }
    String text = id.json().getString("error");
    assertTrue(text.startsWith("Permintaan tidak valid") || text.startsWith("Ada kolom"), text);
    assertTrue(text.contains("capacity"), text);
    assertTrue(en.json().getString("error").startsWith("Invalid request"), en.toString());
  }

  @Test
  void perFieldMessagesAreIndonesianByDefaultAndEnglishOnRequest() {
    // the router's contract check: a required field missing and a number under the minimum
    JsonObject bad = new JsonObject().put("capacity", -1);
    Response id = Api.get().call("scheduling.createRoom").token(admin).body(bad).send();
    Response en = Api.get().call("scheduling.createRoom").token(admin).query("lang", "en").body(bad).send();
    assertEquals(400, id.status(), id.toString());
    assertEquals("wajib diisi", fieldMessage(id, "name"), id.toString());
    assertEquals("is required", fieldMessage(en, "name"), en.toString());
    assertEquals("VALIDATION_REQUIRED_FIELD", fieldEntry(id, "name").getString("code"));
    assertEquals("paling kecil 1", fieldMessage(id, "capacity"), id.toString());
    assertTrue(fieldMessage(en, "capacity").contains("less than"), en.toString());
    // a verticle's own check: recommendation's preferences
    String uri = "/api/recommendations/courses?time_from=10:00&time_to=09:00";
    Response idRec = Api.get().raw(HttpMethod.GET, uri, null, null);
    assertEquals(400, idRec.status(), idRec.toString());
    assertEquals("harus setelah time_from", fieldMessage(idRec, "time_to"), idRec.toString());
    Response enRec = Api.get().raw(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "en"), null);
    assertEquals("must be after time_from", fieldMessage(enRec, "time_to"), enRec.toString());
  }

  @Test
  void aPerFieldTextOutsideTheTableFallsBackToItsCodesLine() {
    assertEquals("harus bilangan bulat dari 1 sampai 20", Texts.fieldMessage("must be an integer from 1 to 20", "VALIDATION_ERROR", "id"));
    assertEquals("harus berada di antara tahun 0001 dan 9999", Texts.fieldMessage("must fall in the years 0001–9999", "VALIDATION_INVALID_DATE", "id"));
    assertEquals("wajib diisi", Texts.fieldMessage("is required when pigs fly", "VALIDATION_REQUIRED_FIELD", "id"));
    assertEquals(Texts.bundle("id").getProperty("error.AUTH_PASSWORD_TOO_WEAK"),
      Texts.fieldMessage("is too predictable (about 1000 guesses)", "AUTH_PASSWORD_TOO_WEAK", "id"));
    assertEquals("harus berupa tanggal atau tanggal-waktu ISO-8601",
      Texts.fieldMessage("must be an ISO-8601 date or date-time", "VALIDATION_INVALID_DATE", "id"));
    assertEquals("is required when pigs fly", Texts.fieldMessage("is required when pigs fly", "VALIDATION_REQUIRED_FIELD", "en"));
  }

  private static JsonObject fieldEntry(Response r, String field) {
    for (Object entry : r.json().getJsonObject("details").getJsonArray("fields")) {
      if (field.equals(((JsonObject) entry).getString("field"))) return (JsonObject) entry;
    }
    throw new AssertionError("no details.fields entry for " + field + ": " + r);
  }

  private static String fieldMessage(Response r, String field) {
    return fieldEntry(r, field).getString("message");
  }

  @Test
  void routerErrorsAreTranslatedToo() {
    Response id = Api.get().raw(HttpMethod.GET, "/api/nothing-here", null, null);
    assertEquals(404, id.status());
    assertEquals("Alamat ini tidak ditemukan.", id.json().getString("error"));
    Response en = Api.get().raw(HttpMethod.GET, "/api/nothing-here?lang=en", null, null);
    assertTrue(en.json().getString("error").startsWith("No such resource"), en.toString());
  }

  @Test
  void successMessagesFollowTheLanguage() {
    JsonObject room = new JsonObject().put("name", "Ruang Bahasa").put("capacity", 4);
    Response id = Api.get().call("scheduling.createRoom").token(admin).body(room).send();
    assertEquals(201, id.status(), id.toString());
    assertEquals("Ruangan berhasil dibuat.", id.json().getString("message"));
    assertTrue(id.header("Vary").contains("Accept-Language"), id.header("Vary"));
    Response en = Api.get().call("scheduling.createRoom").token(admin).header("Accept-Language", "en")
      .body(room.copy().put("name", "Language Room")).send();
    assertEquals("Room created successfully", en.json().getString("message"));
  }

  @Test
  void theSeedsRegistrationAnswerIsTheIndonesianDefaultAndHasAnEnglishText() {
    assertEquals("Pendaftaran berhasil! Kami akan menghubungi Anda segera.", Texts.message("enrollment.register", 201,
      "Pendaftaran berhasil! Kami akan menghubungi Anda segera.", "id"));
    assertEquals("Registration successful! We will contact you soon.", Texts.message("enrollment.register", 201,
      "Pendaftaran berhasil! Kami akan menghubungi Anda segera.", "en"));
  }

  @Test
  void repeatedAnonymousReadsKeepTheirLanguage() {
    // an anonymous cached read: the same URI in two languages must not share one kept answer
    MultiMap en = MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "en");
    for (int i = 0; i < 2; i++) {
      Response idMissing = Api.get().raw(HttpMethod.GET, "/api/courses/00000000-0000-4000-8000-000000000000", null, null);
      assertEquals(404, idMissing.status());
      assertEquals("Kursus tidak ditemukan.", idMissing.json().getString("error"));
      Response enMissing = Api.get().raw(HttpMethod.GET, "/api/courses/00000000-0000-4000-8000-000000000000", en, null);
      assertFalse(enMissing.json().getString("error").equals("Kursus tidak ditemukan."), enMissing.toString());
    }
  }

  @Test
  void oddLanguageChoicesFallBackToIndonesian() {
    for (String header : new String[]{"*", "fr-FR", "en;q=abc", "en;q=7", ";;;,,,", "x".repeat(2000), "en;q=0"}) {
      Response r = Api.get().call("auth.me").header("Accept-Language", header).send();
      assertEquals(401, r.status(), header);
      assertEquals("Silakan masuk terlebih dahulu.", r.json().getString("error"), header);
    }
    for (String lang : new String[]{"EN", "en"}) {
      assertEquals("Authentication required", Api.get().call("auth.me").query("lang", lang).send().json().getString("error"), lang);
    }
    Response both = Api.get().raw(HttpMethod.GET, "/api/auth/me?lang=xx&lang=en", null, null);
    assertEquals("Authentication required", both.json().getString("error"));
  }

  /**
   * Hostile review: the router shrugged off {@code Accept-Language: ;}, but the verticles that write in the caller's
   * language (recommendations, forgot-password, self-registration, the public registration, the invoice PDF) read the
   * header themselves and answered 500. They fall back to Indonesian too.
   */
  @Test
  void oddLanguageChoicesNeverFailTheOperationsThatWriteInTheLanguage() {
    for (String header : new String[]{";", ";;;,,,", " ; ,"}) {
      Response recommended = Api.get().call("recommendation.courses").header("Accept-Language", header).send();
      assertTrue(recommended.status() == 200 || recommended.status() == 404, header + " " + recommended);
      if (recommended.status() == 404) assertEquals("REC_NO_COURSES_AVAILABLE", recommended.code(), recommended.toString());
      Response forgot = Api.get().call("auth.forgotPassword").header("Accept-Language", header)
        .body(new JsonObject().put("email", "nobody-" + header.length() + "@example.com")).send();
      assertEquals(200, forgot.status(), header + " " + forgot);
    }
  }
}
