package verticles.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import verticles.bus.ApiError;
import verticles.bus.ApiTexts;
import verticles.bus.Languages;

import java.util.Locale;
import java.util.Properties;

/**
 * The router's side of the API's texts for people (issue 20: Bahasa Indonesia first, English on request): which
 * language a request asks for, and the texts of an answer in it ({@link ApiTexts}: bundles
 * {@code i18n/messages.properties}, Indonesian, the default, and {@code i18n/messages_en.properties}; per-field texts in
 * {@code i18n/fields.properties}).
 */
final class Texts {
  static final String LANGUAGE = "language";

  private Texts() {
  }

  /** The bundle of a language, for tests: key → text. */
  static Properties bundle(String language) {
    return ApiTexts.bundle(language);
  }

  /** {@code id} or {@code en}: the query's {@code lang} when it names one (read raw: no decoding can fail), else Accept-Language. */
  static String language(HttpServerRequest request) {
    try {
      return language(request.query(), request.getHeader("Accept-Language"));
    } catch (RuntimeException unreadable) {
      return Languages.INDONESIAN; // a request the HTTP layer could not parse: the default
    }
  }

  /** {@code id} or {@code en}: a raw query's {@code lang=en|id} when it names one, else the Accept-Language value's. */
  static String language(String query, String acceptLanguage) {
    if (query != null && query.contains("lang=")) {
      for (String pair : query.split("&")) {
        String lower = pair.toLowerCase(Locale.ROOT);
        if (lower.equals("lang=en")) return Languages.ENGLISH;
        if (lower.equals("lang=id")) return Languages.INDONESIAN;
      }
    }
    return Languages.of(acceptLanguage);
  }

  /** The seed's error envelope in {@code language} ({@link ApiTexts#envelope}). */
  static JsonObject envelope(ApiError error, String language) {
    return ApiTexts.envelope(error, language);
  }

  static String error(ApiError error, String language) {
    return ApiTexts.error(error, language);
  }

  /** One {@code details.fields[].message} in {@code language} ({@link ApiTexts#fieldMessage}). */
  static String fieldMessage(String message, String code, String language) {
    return ApiTexts.fieldMessage(message, code, language);
  }

  /** A success message in {@code language} ({@link ApiTexts#message}). */
  static String message(String operationId, int status, String own, String language) {
    return ApiTexts.message(operationId, status, own, language);
  }
}
