package verticles.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import verticles.bus.CacheVersions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The router's near cache of public answers (DESIGN.md §7, §11): an operation marked {@code x-cache: <group>} in
 * the contract, called without a token, is answered from this node's memory when the answer for the same query was
 * kept under the group's current version — no bus hop, no encoding. The owning verticle marks an answer cacheable
 * by sending its version in the {@code X-Cache-Version} reply header; versions change through
 * {@link CacheVersions} (published by the writer to every node), which drops the group's answers here at once.
 * At most {@value #ENTRIES} answers, least recently used dropped first. Confined to the router's event loop.
 */
final class AnswerCache {
  private static final int ENTRIES = 2000;

  private record Kept(String group, String version, Answer answer, Hit hit) {
  }

  /** An answer found by its request's exact URI, with the operation that gave it and the headers it declares. */
  record Hit(Answer answer, Operation op, List<String> declaredHeaders) {
  }

  private final Map<String, Kept> answers = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      return size() > ENTRIES;
    }
  };
  /** Language and exact request URI (path and query as sent) → key, for anonymous GETs answered from here before. */
  private final Map<String, String> byUri = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > ENTRIES;
    }
  };
  private final Map<String, String> versions = new HashMap<>();
  private final MessageConsumer<JsonObject> consumer;

  AnswerCache(Vertx vertx) {
    consumer = CacheVersions.listen(vertx, this::versionChanged);
  }

  /** The cache group of an operation ({@code x-cache}), or null when its answers are not kept. */
  static String group(Operation op) {
    return op.getExtensions().get("x-cache") instanceof String group ? group : null;
  }

  /** The key of a request to a cacheable operation, or null when this request's answer must not be shared. */
  static String key(Operation op, boolean signedIn, RequestParser.Parsed parsed, String language) {
    if (signedIn || group(op) == null) return null;
    return language + ' ' + op.getOperationId() + parsed.path().encode() + parsed.query().encode();
  }

  Answer get(String key) {
    Kept kept = current(key);
    return kept == null ? null : kept.answer();
  }

  /** The current answer kept for a request in this language (its texts) with exactly this URI, or null. */
  Hit byUri(String language, String uri) {
    String key = byUri.get(language + ' ' + uri);
    Kept kept = key == null ? null : current(key);
    return kept == null ? null : kept.hit();
  }

  /** The header parameters the operation declares (their presence could change the outcome). */
  private static List<String> declaredHeaders(Operation op) {
    return op.getParameters().stream().filter(p -> p.getIn() == Location.HEADER).map(Parameter::getName).toList();
  }

  private Kept current(String key) {
    Kept kept = answers.get(key);
    return kept != null && kept.version().equals(versions.get(kept.group())) ? kept : null;
  }

  /**
   * Keeps an answer that its verticle marked with the group's version (learning the version if new to us), also
   * under the request's exact URI when given.
   */
  void put(String key, String uri, String language, Operation op, Answer answer) {
    String group = group(op), version = answer.cacheVersion();
    if (key == null || version == null || answer.status() != 200) return;
    versionChanged(group, version);
    if (!version.equals(versions.get(group))) return;
    answers.put(key, new Kept(group, version, answer, new Hit(answer, op, declaredHeaders(op))));
    if (uri != null) byUri.put(language + ' ' + uri, key);
  }

  /** A new version (or none: null) of a group: its answers kept here are dropped. Older news is ignored. */
  private void versionChanged(String group, String version) {
    String current = versions.get(group);
    if (version != null && current != null && !CacheVersions.newer(version, current)) return;
    if (version == null) versions.remove(group);
    else versions.put(group, version);
    answers.values().removeIf(kept -> kept.group().equals(group));
  }

  void close() {
    consumer.unregister();
  }
}
