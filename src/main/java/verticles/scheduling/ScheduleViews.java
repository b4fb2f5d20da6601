package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.Iso;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Schedules as the API shows them: the stored row plus the course, the instructor (asked of catalog and
 * auth), the room, and the number of approved students. A student placed on any occurrence of a series
 * attends every occurrence, so counts and rosters are merged over the whole series.
 */
final class ScheduleViews {
  private final Pool db;
  private final Lookups lookups;

  ScheduleViews(Pool db, Lookups lookups) {
    this.db = db;
    this.lookups = lookups;
  }

  /**
   * The stored schedule (SchedulingSql schedule columns) as flat JSON with its room — null for an online class, which
   * has its {@code meeting_url} instead (shown only to those {@link MeetingLinks} allows) — and its topic.
   */
  static JsonObject record(Row row) {
    UUID series = row.getUUID("series_id");
    UUID room = row.getUUID("room_id");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("course_id", row.getUUID("course_id").toString())
      .put("instructor_id", row.getUUID("instructor_id").toString())
      .put("room_id", room == null ? null : room.toString())
      .put("online", room == null)
      .put("meeting_url", row.getString("meeting_url"))
      .put("description", row.getString("description"))
      .put("series_id", series == null ? null : series.toString())
      .put("start_time", Iso.of(row.getOffsetDateTime("start_time")))
      .put("end_time", Iso.of(row.getOffsetDateTime("end_time")))
      .put("status", row.getString("status"))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime("updated_at")))
      .put("cancelled_at", Iso.of(row.getOffsetDateTime("cancelled_at")))
      .put("room", room == null ? null : new JsonObject()
        .put("id", room.toString())
        .put("name", row.getString("room_name"))
        .put("capacity", row.getInteger("room_capacity")));
  }

  static List<JsonObject> records(Iterable<Row> rows) {
    List<JsonObject> out = new ArrayList<>();
    for (Row row : rows) out.add(record(row));
    return out;
  }

  /** The records with course {id, title, level, instrument}, instructor {id, full_name}, enrolled_count, max_students. */
  Future<List<JsonObject>> expand(List<JsonObject> records) {
    if (records.isEmpty()) return Future.succeededFuture(List.of());
    Future<Map<String, JsonObject>> courses = lookups.courses(field(records, "course_id"));
    Future<Map<String, JsonObject>> instructors = lookups.users(field(records, "instructor_id"));
    Future<Map<String, Long>> counts = enrolledCounts(records);
    return Future.all(courses, instructors, counts).map(done -> {
      List<JsonObject> out = new ArrayList<>();
      for (JsonObject record : records) {
        JsonObject course = courses.result().get(record.getString("course_id"));
        JsonObject instructor = instructors.result().get(record.getString("instructor_id"));
        out.add(record.copy()
          .put("course", course == null ? null : new JsonObject().put("id", course.getString("id"))
            .put("title", course.getString("title")).put("level", course.getString("level"))
            .put("instrument", course.getString("instrument")))
          .put("instructor", instructor == null ? null : new JsonObject().put("id", instructor.getString("id"))
            .put("full_name", instructor.getString("full_name")))
          .put("enrolled_count", counts.result().getOrDefault(record.getString("id"), 0L))
          .put("max_students", course == null ? null : course.getInteger("max_students")));
      }
      return out;
    });
  }

  /** Approved students per schedule id, merged over each schedule's series. */
  Future<Map<String, Long>> enrolledCounts(List<JsonObject> records) {
    return groups(records).compose(groups -> lookups.enrolledCounts(union(groups)).map(counts -> {
      Map<String, Long> out = new HashMap<>();
      groups.forEach((id, members) -> out.put(id, members.stream().mapToLong(m -> counts.getOrDefault(m, 0L)).sum()));
      return out;
    }));
  }

  /** The approved students placed on the schedule (or on any occurrence of its series). */
  Future<Set<String>> roster(JsonObject record) {
    return groups(List.of(record)).compose(groups -> lookups.rosters(union(groups))
      .map(rosters -> merged(groups.get(record.getString("id")), rosters)));
  }

  /**
   * {@link #roster} with the language each student is written to in ({@code "id"|"en"}, their latest registration's
   * placed on the class or its series): student id → language, in roster order.
   */
  Future<Map<String, String>> rosterWithLanguages(JsonObject record) {
    return groups(List.of(record)).compose(groups -> lookups.rostersWithLanguages(union(groups)).map(rosters -> {
      Map<String, String> students = new LinkedHashMap<>();
      for (String student : merged(groups.get(record.getString("id")), rosters.students())) {
        students.put(student, rosters.languages().getOrDefault(student, "id"));
      }
      return students;
    }));
  }

  /** The students placed on any of the members, each once. */
  private static Set<String> merged(List<String> members, Map<String, List<String>> rosters) {
    Set<String> students = new LinkedHashSet<>();
    for (String member : members) students.addAll(rosters.getOrDefault(member, List.of()));
    return students;
  }

  /** For each record: the ids whose placements count for it — its series' occurrences, or itself. */
  private Future<Map<String, List<String>>> groups(List<JsonObject> records) {
    Set<String> series = field(records, "series_id");
    Future<Map<String, List<String>>> members = series.isEmpty() ? Future.succeededFuture(Map.of())
      : db.preparedQuery(SchedulingSql.SERIES_MEMBERS).execute(Tuple.of(uuids(series))).map(rows -> {
        Map<String, List<String>> bySeries = new HashMap<>();
        for (Row row : rows) {
          bySeries.computeIfAbsent(row.getUUID("series_id").toString(), k -> new ArrayList<>()).add(row.getUUID("id").toString());
        }
        return bySeries;
      });
    return members.map(bySeries -> {
      Map<String, List<String>> out = new HashMap<>();
      for (JsonObject record : records) {
        String s = record.getString("series_id");
        out.put(record.getString("id"), s == null ? List.of(record.getString("id")) : bySeries.getOrDefault(s, List.of(record.getString("id"))));
      }
      return out;
    });
  }

  private static Set<String> union(Map<String, List<String>> groups) {
    Set<String> all = new LinkedHashSet<>();
    groups.values().forEach(all::addAll);
    return all;
  }

  static Set<String> field(List<JsonObject> records, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonObject record : records) {
      if (record.getString(name) != null) out.add(record.getString(name));
    }
    return out;
  }

  static UUID[] uuids(java.util.Collection<String> ids) {
    return ids.stream().map(UUID::fromString).toArray(UUID[]::new);
  }

  static JsonArray array(List<JsonObject> items) {
    return new JsonArray(new ArrayList<>(items));
  }
}
