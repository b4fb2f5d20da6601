package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Online classes (issue 17): a class without a room is online and must carry the https link its students join by,
 * {@code meeting_url}; a class in a room may carry one too (hybrid). Who may read the link: the link lets anyone in,
 * so it is shown only to the people of the class — admins, the class's instructor and the instructors of its course
 * ({@link verticles.bus.CoursePolicy}), and students with an approved enrollment in the course. Everyone else (visitors,
 * other students and instructors) sees {@code meeting_url: null} and {@code online: true}.
 */
final class MeetingLinks {
  static final int MAX_LENGTH = 2000;

  private final Lookups lookups;

  MeetingLinks(Lookups lookups) {
    this.lookups = lookups;
  }

  // --- validation -------------------------------------------------------------------------------

  /**
   * The link as stored: null stays null (no link); otherwise an absolute {@code https} URL (the scheme is stored in
   * lower case) with a host, no user info
   * (a {@code https://zoom.us@evil.example} look-alike) and no white space, at most 2,000 characters; else 400
   * {@code VALIDATION_ERROR} naming {@code meeting_url}.
   */
  static String checked(String url) {
    if (url == null) return null;
    String why = problem(url);
    if (why != null) throw Ids.invalid(ErrorCode.VALIDATION_ERROR, "meeting_url", "meeting_url " + why);
    return "https://" + url.substring("https://".length()); // the scheme in lower case, as the CHECK wants it
  }

  private static String problem(String url) {
    if (url.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
    if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) return "must be an https:// link";
    if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c))) {
      return "must not contain spaces";
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getHost().isEmpty()) return "must name a host (https://meet.example.com/…)";
      if (uri.getRawUserInfo() != null) return "must not contain a user name or password";
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
  }

  /**
   * The rule every write keeps (the database's CHECK holds it too): a class without a room is online and needs a link;
   * else 400 {@code VALIDATION_REQUIRED_FIELD} naming {@code meeting_url}.
   */
  static void requireWhereOnline(String roomId, String meetingUrl) {
    if (roomId == null && meetingUrl == null) {
      throw Ids.invalid(ErrorCode.VALIDATION_REQUIRED_FIELD, "meeting_url",
        "An online class (no room_id) needs a meeting_url");
    }
  }

  // --- who reads the link -----------------------------------------------------------------------

  /**
   * The views (records or API views: {@code course_id}, {@code instructor_id}, {@code meeting_url}) with the links the
   * caller may not read set to null. Asks nothing when no view has a link, or the caller is an admin or anonymous.
   */
  Future<List<JsonObject>> shown(Caller caller, List<JsonObject> views) {
    if (views.stream().noneMatch(v -> v.getString("meeting_url") != null)) return Future.succeededFuture(views);
    return reader(caller).map(may -> {
      List<JsonObject> out = new ArrayList<>(views.size());
      for (JsonObject view : views) {
        out.add(view.getString("meeting_url") == null || may.test(view) ? view : view.copy().putNull("meeting_url"));
      }
      return out;
    });
  }

  /** {@link #shown} for one view. */
  Future<JsonObject> shown(Caller caller, JsonObject view) {
    return shown(caller, List.of(view)).map(list -> list.get(0));
  }

  /** Whether the caller may read the link of a class (by its {@code course_id} and {@code instructor_id}). */
  private Future<Predicate<JsonObject>> reader(Caller caller) {
    if (caller == null) return Future.succeededFuture(v -> false);
    if (caller.is("admin")) return Future.succeededFuture(v -> true);
    if (caller.is("instructor")) {
      return lookups.policy().courses(caller).map(courses -> v -> caller.id().equals(v.getString("instructor_id"))
        || courses != null && courses.contains(v.getString("course_id")));
    }
    if (caller.is("student")) {
      return lookups.placements(caller.id()).map(placements -> {
        Set<String> courses = placements.stream().map(p -> p.getString("course_id")).collect(Collectors.toSet());
        return v -> courses.contains(v.getString("course_id"));
      });
    }
    return Future.succeededFuture(v -> false);
  }
}
