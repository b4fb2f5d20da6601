package verticles.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.auth.TestUsers;
import verticles.catalog.Courses.Account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/courses: visibility by caller, filters, search, pagination, parameter validation. */
class CourseListTest {
  static String admin;
  static Account instructor, otherInstructor, student;
  static final List<String> CREATED = new ArrayList<>();

  @BeforeAll
  static void catalog() {
    Courses.reset();
    admin = TestUsers.adminToken();
    instructor = Courses.account("instructor", "lister@catalog.test");
    otherInstructor = Courses.account("instructor", "other-lister@catalog.test");
    student = Courses.account("student", "browser@catalog.test");
    add(admin, Courses.body("Piano Basics for Beginners")
      .put("description", "Learn fundamental piano techniques including proper posture and hand positioning."));
    add(admin, Courses.body("Advanced Jazz Piano").put("level", "advanced").put("description", "Voicings and improvisation."));
    add(instructor.token(), Courses.body("Guitar Chords").put("level", "intermediate").put("description", "Strumming."));
    add(instructor.token(), Courses.body("Violin Masterclass").put("level", "advanced").put("is_active", false));
    add(otherInstructor.token(), Courses.body("Drum Grooves").put("is_active", false).put("description", "Rhythm."));
    add(admin, Courses.body("Music Theory").put("level", "intermediate")
      .put("description", "Harmony for piano and guitar players, 100% practical."));
  }

  private static void add(String token, JsonObject body) {
    CREATED.add(Courses.create(token, body).getString("title"));
  }

  private static Response list(String token, Map<String, String> query) {
    Api.Call call = Api.get().call("catalog.listCourses");
    if (token != null) call.token(token);
    query.forEach(call::query);
    return call.send();
  }

  private static Set<String> titles(String token, Map<String, String> query) {
    Response r = list(token, query);
    assertEquals(200, r.status(), r.toString());
    Set<String> titles = new TreeSet<>();
    for (Object course : r.data().getJsonArray("courses")) titles.add(((JsonObject) course).getString("title"));
    assertEquals(titles.size(), r.data().getJsonObject("pagination").getInteger("total"), r.toString());
    return titles;
  }

  private static Set<String> set(String... titles) {
    return new TreeSet<>(List.of(titles));
  }

  private static final Set<String> ACTIVE = set("Piano Basics for Beginners", "Advanced Jazz Piano", "Guitar Chords",
    "Music Theory");

  // --- visibility -------------------------------------------------------------------------------

  @Test
  void visitorsAndStudentsSeeActiveCoursesOnly() {
    assertEquals(ACTIVE, titles(null, Map.of()));
    assertEquals(ACTIVE, titles(student.token(), Map.of()));
    assertEquals(set(), titles(null, Map.of("is_active", "false")));
    assertEquals(set(), titles(student.token(), Map.of("is_active", "false")));
    assertEquals(ACTIVE, titles(null, Map.of("is_active", "true")));
  }

  @Test
  void instructorsAlsoSeeTheirOwnInactiveCourses() {
    Set<String> expected = new TreeSet<>(ACTIVE);
    expected.add("Violin Masterclass");
    assertEquals(expected, titles(instructor.token(), Map.of()));
    assertEquals(set("Violin Masterclass"), titles(instructor.token(), Map.of("is_active", "false")));
    assertEquals(set("Drum Grooves"), titles(otherInstructor.token(), Map.of("is_active", "false")));
  }

  @Test
  void adminsSeeEverything() {
    assertEquals(new TreeSet<>(CREATED), titles(admin, Map.of()));
    assertEquals(set("Violin Masterclass", "Drum Grooves"), titles(admin, Map.of("is_active", "false")));
  }

  @Test
  void aTokenThatIsSentMustBeValid() {
    Response r = list("not.a.token", Map.of());
    assertEquals(401, r.status(), r.toString());
    assertEquals("AUTH_UNAUTHORIZED", r.code());
  }

  // --- filters ----------------------------------------------------------------------------------

  @Test
  void filterByLevel() {
    assertEquals(set("Advanced Jazz Piano"), titles(null, Map.of("level", "advanced")));
    assertEquals(set("Advanced Jazz Piano", "Violin Masterclass"), titles(admin, Map.of("level", "advanced")));
    assertEquals(set("Guitar Chords", "Music Theory"), titles(null, Map.of("level", "intermediate")));
  }

  @Test
  void filterByOwningInstructor() {
    assertEquals(set("Guitar Chords"), titles(null, Map.of("instructor_id", instructor.id())));
    assertEquals(set("Guitar Chords", "Violin Masterclass"), titles(instructor.token(), Map.of("instructor_id", instructor.id())));
    assertEquals(set(), titles(instructor.token(), Map.of("instructor_id", otherInstructor.id())));
    assertEquals(set("Drum Grooves"), titles(admin, Map.of("instructor_id", otherInstructor.id())));
  }

  // --- search -----------------------------------------------------------------------------------

  @Test
  void searchFindsWholeAndPartialWordsInTitleAndDescription() {
    Set<String> piano = set("Piano Basics for Beginners", "Advanced Jazz Piano", "Music Theory");
    assertEquals(piano, titles(null, Map.of("search", "piano")));
    assertEquals(piano, titles(null, Map.of("search", "pian")));
    assertEquals(piano, titles(null, Map.of("search", "PIANO")));
    assertEquals(set("Piano Basics for Beginners"), titles(null, Map.of("search", "piano beginners")));
    assertEquals(set("Piano Basics for Beginners"), titles(null, Map.of("search", "Basics for Begin")));
    assertEquals(set("Guitar Chords", "Music Theory"), titles(null, Map.of("search", "guitar")));
    assertEquals(set(), titles(null, Map.of("search", "saxophone")));
  }

  @Test
  void titleMatchesComeBeforeDescriptionMatches() {
    JsonArray courses = list(null, Map.of("search", "piano")).data().getJsonArray("courses");
    assertEquals(3, courses.size());
    assertEquals("Music Theory", courses.getJsonObject(2).getString("title"));
  }

  @Test
  void searchRespectsVisibilityAndFilters() {
    assertEquals(set(), titles(null, Map.of("search", "violin")));
    assertEquals(set("Violin Masterclass"), titles(instructor.token(), Map.of("search", "violin")));
    assertEquals(set("Advanced Jazz Piano"), titles(null, Map.of("search", "piano", "level", "advanced")));
  }

  @Test
  void likeWildcardsAreSearchedLiterally() {
    // the test client percent-encodes query values; the router decodes them exactly once
    assertEquals(set("Music Theory"), titles(null, Map.of("search", "%")));
    assertEquals(set(), titles(null, Map.of("search", "_")));
    assertEquals(set("Music Theory"), titles(null, Map.of("search", "100%")));
  }

  // --- pagination -------------------------------------------------------------------------------

  @Test
  void pagesOfTheSeedShapeNewestFirst() {
    Response first = list(admin, Map.of("limit", "4"));
    assertEquals(200, first.status(), first.toString());
    assertEquals(new JsonObject().put("page", 1).put("limit", 4).put("total", 6).put("total_pages", 2),
      first.data().getJsonObject("pagination"));
    JsonArray courses = first.data().getJsonArray("courses");
    assertEquals(4, courses.size());
    assertEquals(CREATED.get(5), courses.getJsonObject(0).getString("title"));
    assertEquals(CREATED.get(2), courses.getJsonObject(3).getString("title"));
    Response second = list(admin, Map.of("limit", "4", "page", "2"));
    assertEquals(2, second.data().getJsonArray("courses").size());
    assertEquals(CREATED.get(0), second.data().getJsonArray("courses").getJsonObject(1).getString("title"));
    Response beyond = list(admin, Map.of("limit", "4", "page", "3"));
    assertEquals(0, beyond.data().getJsonArray("courses").size());
    assertEquals(6, beyond.data().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void theDefaultPageHoldsTwenty() {
    Response r = list(null, Map.of());
    assertEquals(new JsonObject().put("page", 1).put("limit", 20).put("total", 4).put("total_pages", 1),
      r.data().getJsonObject("pagination"));
    assertTrue(r.json().getBoolean("success"));
  }

  @Test
  void badParametersAre400() {
    for (Map<String, String> query : List.of(Map.of("limit", "101"), Map.of("limit", "0"), Map.of("page", "0"),
      Map.of("level", "expert"), Map.of("is_active", "maybe"), Map.of("instructor_id", "nobody"),
      Map.of("search", "x".repeat(101)))) {
      Response r = list(null, query);
      assertEquals(400, r.status(), query + " → " + r);
      assertTrue(r.code().startsWith("VALIDATION_"), r.toString());
    }
    assertEquals("VALIDATION_INVALID_ENUM", list(null, Map.of("level", "expert")).code());
    assertEquals(200, list(null, Map.of("limit", "100")).status());
  }
}
