package verticles.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.ApiError;
import verticles.bus.Languages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The API's texts for people in the caller's language (issue 20: Bahasa Indonesia first, English on request), applied
 * where the router writes an answer. Bundles {@code i18n/messages.properties} (Indonesian, the default) and
 * {@code i18n/messages_en.properties}:
 * <ul>
 *   <li>The language: {@code ?lang=en|id} on any request, else {@code Accept-Language} ({@link Languages#of}).</li>
 *   <li>An error's {@code error} text: in Indonesian {@code error.<CODE>} (plus {@code fields} naming the bad fields
 *       that {@code details.fields} lists); in English the verticle's own text, which names the specifics, or
 *       {@code error.<CODE>} of the English bundle when it has none. The {@code code} and {@code details} never
 *       change.</li>
 *   <li>A success {@code message}: the language's {@code <operationId>.<status>} or {@code <operationId>} line, else
 *       the verticle's own text; no message stays no message.</li>
 * </ul>
 */
final class Texts {
  static final String LANGUAGE = "language";
  private static final Map<String, Properties> BUNDLES = Map.of(
    Languages.INDONESIAN, load("i18n/messages.properties"),
    Languages.ENGLISH, load("i18n/messages_en.properties"));

  private Texts() {
  }

  /** The bundle of a language, for tests: key → text. */
  static Properties bundle(String language) {
    return BUNDLES.get(language);
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("Missing " + resource);
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /** {@code id} or {@code en}: the query's {@code lang} when it names one (read raw: no decoding can fail), else Accept-Language. */
  static String language(HttpServerRequest request) {
    try {
      String query = request.query();
      if (query != null && query.contains("lang=")) {
        for (String pair : query.split("&")) {
          String lower = pair.toLowerCase(Locale.ROOT);
          if (lower.equals("lang=en")) return Languages.ENGLISH;
          if (lower.equals("lang=id")) return Languages.INDONESIAN;
        }
      }
      return Languages.of(request.getHeader("Accept-Language"));
    } catch (RuntimeException unreadable) {
      return Languages.INDONESIAN; // a request the HTTP layer could not parse: the default
    }
  }

  /** The seed's error envelope with the error text in {@code language}. */
  static JsonObject envelope(ApiError error, String language) {
    JsonObject json = new JsonObject().put("success", false).put("error", error(error, language)).put("code", error.code());
    if (error.details() != null) json.put("details", error.details());
    return json;
  }

  static String error(ApiError error, String language) {
    Properties bundle = BUNDLES.get(language);
    String own = error.getMessage();
    String fromBundle = bundle.getProperty("error." + error.code());
    if (Languages.ENGLISH.equals(language)) return own != null && !own.isBlank() ? own : fromBundle != null ? fromBundle : own;
    if (fromBundle == null) return own;
    List<String> fields = fields(error.details());
    return fields.isEmpty() ? fromBundle
      : fromBundle + " " + new MessageFormat(bundle.getProperty("fields"), Locale.ROOT).format(new Object[]{String.join(", ", fields)});
  }

  /** The field names of {@code details.fields}, in order, each once. */
  private static List<String> fields(JsonObject details) {
    List<String> names = new ArrayList<>();
    if (details == null || !(details.getValue("fields") instanceof JsonArray fields)) return names;
    for (Object entry : fields) {
      if (entry instanceof JsonObject field && field.getValue("field") instanceof String name && !names.contains(name)) names.add(name);
    }
    return names;
  }

  /** A success message in {@code language}: the bundle's line for the operation (and status), else {@code own}. */
  static String message(String operationId, int status, String own, String language) {
    if (own == null) return null;
    Properties bundle = BUNDLES.get(language);
    String text = bundle.getProperty(operationId + "." + status);
    if (text == null) text = bundle.getProperty(operationId);
    return text != null ? text : own;
  }
}
