package verticles.coursework;

import io.vertx.core.json.JsonObject;
import verticles.infra.Config;

/**
 * The coursework jobs' settings ({@code coursework:} in conf/config.yaml): how often the jobs run
 * ({@code job_interval_seconds}), how long before a due date its reminder goes out ({@code reminder_lead_minutes}), and
 * the academy's address for the emails' link ({@code public_url}; null when it is not a usable address).
 */
record JobSettings(int intervalSeconds, int reminderLeadMinutes, String academyUrl) {

  static JobSettings of(JsonObject config) {
    JsonObject c = config.getJsonObject("coursework", new JsonObject());
    String url;
    try {
      url = Config.publicUrl(config) + "/";
    } catch (IllegalArgumentException | NullPointerException e) {
      url = null; // no address to link to: the emails go without their link
    }
    JobSettings settings = new JobSettings(c.getInteger("job_interval_seconds", 60),
      c.getInteger("reminder_lead_minutes", 1440), url);
    if (settings.intervalSeconds < 1 || settings.reminderLeadMinutes < 1) {
      throw new IllegalArgumentException("coursework.job_interval_seconds and coursework.reminder_lead_minutes must be positive");
    }
    return settings;
  }
}
