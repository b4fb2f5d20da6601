package verticles.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's texts for people in the caller's language (issue 20: Bahasa Indonesia first, English on request), applied
 * where the router writes an answer ({@code http/Texts}) and where the chat bridge's frames are answered
 * ({@link Endpoints#internalWithHeaders}). Bundles {@code i18n/messages.properties} (Indonesian, the default) and
 * {@code i18n/messages_en.properties}:
 * <ul>
 *   <li>The language: chosen by the caller ({@code http/Texts.language}: {@code ?lang=en|id}, else
 *       {@code Accept-Language}, {@link Languages#of}).</li>
 *   <li>An error's {@code error} text: in Indonesian {@code error.<CODE>} (plus {@code fields} naming the bad fields
 *       that {@code details.fields} lists); in English the verticle's own text, which names the specifics, or
 *       {@code error.<CODE>} of the English bundle when it has none. The {@code code} never changes, nor do
 *       {@code details}, except that in Indonesian each {@code details.fields[].message} is translated
 *       ({@code i18n/fields.properties}, else {@code field.<code>}); each entry's {@code field} and {@code code} stay.</li>
 *   <li>A success {@code message}: the language's {@code <operationId>.<status>} or {@code <operationId>} line, else
 *       the verticle's own text; no message stays no message.</li>
 * </ul>
 */
public final class ApiTexts {
  private static final Map<String, Properties> BUNDLES = Map.of(
    Languages.INDONESIAN, load("i18n/messages.properties"),
    Languages.ENGLISH, load("i18n/messages_en.properties"));
  /** Indonesian texts of per-field messages, keyed by the English text with its numbers as {0}, {1}, …. */
  private static final Properties FIELD_TEXTS = load("i18n/fields.properties");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.-])-?\\d+(?:\\.\\d+)?");

  private ApiTexts() {
  }

  /** The bundle of a language, for tests: key → text. */
  public static Properties bundle(String language) {
    return BUNDLES.get(language);
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = ApiTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("Missing " + resource);
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  /**
   * The seed's error envelope with the error text in {@code language}; in Indonesian also each
   * {@code details.fields[].message} ({@link #fieldMessage}) — {@code field}, {@code code} and every other detail stay.
   */
  public static JsonObject envelope(ApiError error, String language) {
    JsonObject json = new JsonObject().put("success", false).put("error", error(error, language)).put("code", error.code());
    if (error.details() != null) json.put("details", details(error.details(), language));
    return json;
  }

  /** The bus wire form {status, code, error, details} ({@link ApiError#toJson}) with its texts in {@code language}. */
  public static JsonObject wire(ApiError error, String language) {
    language = Languages.ENGLISH.equals(language) ? Languages.ENGLISH : Languages.INDONESIAN;
    JsonObject json = new JsonObject().put("status", error.status()).put("code", error.code()).put("error", error(error, language));
    if (error.details() != null) json.put("details", details(error.details(), language));
    return json;
  }

  /** A text of the bundle of {@code language} (Indonesian when unknown), else null. */
  public static String text(String key, String language) {
    return BUNDLES.getOrDefault(language, BUNDLES.get(Languages.INDONESIAN)).getProperty(key);
  }

  /**
   * {@link #text} with {@code {0}}, {@code {1}}, … replaced by the arguments as written (no number formatting, no
   * quoting rules), or the key itself when neither bundle has it.
   */
  public static String format(String key, String language, Object... args) {
    String text = text(key, language);
    if (text == null) text = text(key, Languages.INDONESIAN);
    if (text == null) return key;
    for (int i = 0; i < args.length; i++) text = text.replace("{" + i + "}", String.valueOf(args[i]));
    return text;
  }

  /** {@code details} with its per-field messages in {@code language} (a copy when anything changes). */
  private static JsonObject details(JsonObject details, String language) {
    if (Languages.ENGLISH.equals(language) || !(details.getValue("fields") instanceof JsonArray fields)) return details;
    JsonArray translated = new JsonArray();
    for (Object entry : fields) {
      if (entry instanceof JsonObject field && field.getValue("message") instanceof String message) {
        translated.add(field.copy().put("message", fieldMessage(message, field.getValue("code") instanceof String c ? c : null, language)));
      } else {
        translated.add(entry);
      }
    }
    return details.copy().put("fields", translated);
  }

  /**
   * One per-field message in {@code language}. English: as written. Indonesian: the line of
   * {@code i18n/fields.properties} for the text (its numbers as {@code {0}}, {@code {1}}, … put back in), else
   * {@code field.<code>}, else {@code error.<code>}, else as written. {@code "must be an integer from 1 to 100"} →
   * {@code "harus bilangan bulat dari 1 sampai 100"}.
   */
  public static String fieldMessage(String message, String code, String language) {
    if (Languages.ENGLISH.equals(language) || message == null) return message;
    List<String> numbers = new ArrayList<>();
    Matcher m = NUMBER.matcher(message);
    StringBuilder key = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(key, Matcher.quoteReplacement("{" + numbers.size() + "}"));
      numbers.add(m.group());
    }
    m.appendTail(key);
    String text = FIELD_TEXTS.getProperty(key.toString());
    if (text != null) {
      for (int i = 0; i < numbers.size(); i++) text = text.replace("{" + i + "}", numbers.get(i));
      return text;
    }
    Properties bundle = BUNDLES.get(language);
    if (code != null && bundle.getProperty("field." + code) != null) return bundle.getProperty("field." + code);
    if (code != null && bundle.getProperty("error." + code) != null) return bundle.getProperty("error." + code);
    return message;
  }

  /** An error's {@code error} text in {@code language} ({@code id}|{@code en}), as the class comment says. */
  public static String error(ApiError error, String language) {
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
  public static String message(String operationId, int status, String own, String language) {
    if (own == null) return null;
    Properties bundle = BUNDLES.get(language);
    String text = bundle.getProperty(operationId + "." + status);
    if (text == null) text = bundle.getProperty(operationId);
    return text != null ? text : own;
  }
}
