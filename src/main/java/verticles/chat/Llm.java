package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * An optional OpenAI-compatible chat-completions endpoint ({@code chat.llm_url}, {@code chat.llm_api_key},
 * {@code chat.llm_model}) that rephrases the assistant's catalog answer. It gets the facts and is told to
 * use no others; any failure or a slow answer ({@code chat.llm_timeout_ms}) fails the future, and the
 * caller falls back to the catalog answer.
 */
final class Llm {
  private static final String SYSTEM = """
    You are the friendly chat assistant of a course academy. Answer the visitor briefly, in the language
    named below, using ONLY the facts given. Never invent courses, prices, schedules or seats. If the facts do
    not answer the question, say a staff member will follow up.""";

  private final WebClient client;
  private final String url;
  private final String key;
  private final String model;
  private final long timeoutMs;

  private Llm(WebClient client, String url, String key, String model, long timeoutMs) {
    this.client = client;
    this.url = url;
    this.key = key;
    this.model = model;
    this.timeoutMs = timeoutMs;
  }

  /** The configured endpoint, or null when {@code chat.llm_url} is empty. */
  static Llm from(Vertx vertx, JsonObject chat) {
    String url = chat.getString("llm_url", "");
    if (url.isBlank()) return null;
    WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(
      (int) Math.min(Integer.MAX_VALUE, chat.getLong("llm_timeout_ms"))));
    return new Llm(client, url.trim(), chat.getString("llm_api_key", ""), chat.getString("llm_model"),
      chat.getLong("llm_timeout_ms"));
  }

  /** The facts phrased as an answer to the question, in {@code language} ("id": Bahasa Indonesia, else English). */
  Future<String> phrase(String question, String facts, String language) {
    JsonObject body = new JsonObject()
      .put("model", model)
      .put("temperature", 0.2)
      .put("messages", new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", SYSTEM + "\nAnswer in "
          + ("id".equals(language) ? "Bahasa Indonesia." : "English.")))
        .add(new JsonObject().put("role", "system").put("content", "Facts:\n" + facts))
        .add(new JsonObject().put("role", "user").put("content", question)));
    var request = client.postAbs(url).timeout(timeoutMs);
    if (!key.isEmpty()) request.putHeader("Authorization", "Bearer " + key);
    return request.sendJsonObject(body).compose(response -> {
      if (response.statusCode() != 200) return Future.failedFuture("LLM answered " + response.statusCode());
      JsonObject json = response.bodyAsJsonObject();
      JsonArray choices = json == null ? null : json.getJsonArray("choices");
      JsonObject message = choices == null || choices.isEmpty() ? null : choices.getJsonObject(0).getJsonObject("message");
      String content = message == null ? null : message.getString("content");
      if (content == null || content.isBlank()) return Future.failedFuture("LLM gave no answer");
      String trimmed = content.trim();
      return Future.succeededFuture(trimmed.length() > 2000 ? trimmed.substring(0, 2000) : trimmed);
    });
  }

  void close() {
    client.close();
  }
}
