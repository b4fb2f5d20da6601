package verticles.enrollment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.NotifyClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The emails of the enrollment flows (issue 15, "Flows that now send"), as {@link NotifyClient#email} requests for
 * the outbox row each change writes in its own transaction: a rolled-back change sends nothing, and a replayed
 * request (which writes nothing) sends nothing twice. Variables are raw values (ISO dates and instants); notify
 * formats them in the recipient's language and the academy's zone.
 * <p>
 * The recipient is the registration's address — what the applicant typed, or for a booking or a direct enrollment
 * the account's (account addresses never change) — in the registration's language (V14: from the registration
 * request's {@code Accept-Language}; Indonesian for accounts, which have no language).
 */
final class Notifications {
  static final String RECEIVED = "registration-received", APPROVED = "enrollment-approved",
    REJECTED = "enrollment-rejected", CANCELLED = "enrollment-cancelled";
  private static final ResourceBundle.Control NO_FALLBACK =
    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  /** Who an email goes to. */
  record Recipient(String email, String name, String language) {
    /** The applicant of a registration row (the enrollment columns). */
    static Recipient of(Row row) {
      return new Recipient(row.getString("email"), row.getString("full_name"), row.getString("language"));
    }
  }

  private final String publicUrl;

  /** {@code publicUrl}: the setting {@code public_url}, where people reach the academy's pages. */
  Notifications(String publicUrl) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /**
   * registration-received: the number, the course, the preferred start date (ISO date or null) and, for a public
   * registration ({@code accessCode} not null), the status access code with a link that checks the status.
   */
  JsonObject received(Recipient to, String number, JsonObject course, String startDate, String accessCode) {
    JsonObject variables = common(to, number, course).put("start_date", startDate);
    if (accessCode != null) variables.put("access_code", accessCode).put("status_url", statusUrl(number, to.email(), accessCode));
    return NotifyClient.email(RECEIVED, to.email(), to.language(), variables);
  }

  /**
   * enrollment-approved, with the chosen class ({@code schedule} as {@code SchedulingClient.schedulesWithNames}
   * answers it: start, end, room and instructor, and the link of an online class — the approved student is one of
   * the class's people) or none (null).
   */
  JsonObject approved(Recipient to, String number, JsonObject course, JsonObject schedule) {
    JsonObject variables = common(to, number, course);
    if (schedule != null) {
      variables.put("class_start", schedule.getString("start_time")).put("class_end", schedule.getString("end_time"))
        .put("room_name", schedule.getString("room_name")).put("instructor_name", schedule.getString("instructor_name"))
        .put("meeting_url", schedule.getString("meeting_url"));
    }
    return NotifyClient.email(APPROVED, to.email(), to.language(), variables);
  }

  /** {@link #REJECTED} or {@link #CANCELLED}, with its reason in the recipient's words (null: none given). */
  JsonObject decided(String template, Recipient to, String number, JsonObject course, String reason) {
    return NotifyClient.email(template, to.email(), to.language(), common(to, number, course).put("reason", reason));
  }

  private static JsonObject common(Recipient to, String number, JsonObject course) {
    return new JsonObject().put("name", to.name()).put("registration_number", number).put("course_title", course.getString("title"));
  }

  /**
   * The public page's status check, filled in: {@code <public_url>/#status?registration_number=…&email=…&access_code=…}.
   * The values ride in the fragment, which browsers never send to a server or in a {@code Referer}; the page
   * (webroot/assets/public.js) reads them and asks {@code GET /api/users/check}.
   */
  String statusUrl(String number, String email, String accessCode) {
    return publicUrl + "/#status?registration_number=" + encode(number) + "&email=" + encode(email)
      + "&access_code=" + encode(accessCode);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The text {@code key} of {@code i18n/enrollment*.properties} in {@code language} (Indonesian unless "en"). */
  static String text(String key, String language, Object... arguments) {
    Locale locale = Locale.forLanguageTag(language == null ? "id" : language);
    String pattern = ResourceBundle.getBundle("i18n.enrollment", locale, NO_FALLBACK).getString(key);
    return new MessageFormat(pattern, locale).format(arguments);
  }
}
