package verticles.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import verticles.bus.Reply;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful answer as it goes on the wire: status, headers, media type and bytes — built once from a verticle's
 * {@link Reply} (the seed envelope {@code {success:true, data, message}} with the data's JSON bytes spliced in
 * unparsed, or a raw document as is), written by {@link #write} and kept as is by {@link AnswerCache}.
 * Reply headers named {@code X-Cache-*} are for the router only and never written.
 */
record Answer(int status, Map<String, String> headers, String contentType, Buffer body, String cacheVersion,
              CharSequence[] wire) {
  static final String CACHE_VERSION = "X-Cache-Version";
  private static final CharSequence ACCEPT_LANGUAGE = HttpHeaders.createOptimized("Accept-Language");

  /**
   * {@code wire}: the headers to write, pre-encoded once (name, value, name, value, …, then Content-Type's value) — a
   * cached answer is written many times, and header strings re-encoded per write were a tenth of its CPU (issue 13).
   */
  Answer(int status, Map<String, String> headers, String contentType, Buffer body, String cacheVersion) {
    this(status, headers, contentType, body, cacheVersion, wire(headers, contentType));
  }

  private static CharSequence[] wire(Map<String, String> headers, String contentType) {
    CharSequence[] wire = new CharSequence[headers.size() * 2 + 1];
    int i = 0;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      wire[i++] = ascii(h.getKey());
      wire[i++] = ascii(h.getValue());
    }
    wire[i] = ascii(contentType);
    return wire;
  }

  /**
   * The pre-encoded form of a header text; one with other characters stays a string, written as before the
   * pre-encoding: each character as one ISO-8859-1 byte, {@code ?} beyond it (netty's header encoder). A header that
   * must carry other text (a file name with a student's name) needs RFC 8187's {@code filename*=UTF-8''…}; today
   * every reply header is ASCII (the invoice PDF is named by its number).
   */
  private static CharSequence ascii(String text) {
    return text.chars().allMatch(c -> c < 0x80) ? HttpHeaders.createOptimized(text) : text;
  }

  /** The answer to operation {@code operationId}, its message in {@code language} ({@link Texts#message}). */
  static Answer of(Reply reply, String operationId, String language) {
    Map<String, String> headers = new LinkedHashMap<>();
    String version = null;
    if (reply.headers() != null) {
      for (Map.Entry<String, Object> h : reply.headers()) {
        if (h.getKey().equals(CACHE_VERSION)) version = String.valueOf(h.getValue());
        else if (!h.getKey().startsWith("X-Cache-")) headers.put(h.getKey(), String.valueOf(h.getValue()));
      }
    }
    if (reply.data() instanceof Reply.Raw raw) {
      return new Answer(reply.status(), headers, raw.contentType(), raw.body() == null ? Buffer.buffer() : raw.body(), version);
    }
    Buffer data = reply.encodedData();
    Buffer out = Buffer.buffer(32 + (data == null ? 0 : data.length())).appendString("{\"success\":true");
    if (data != null) out.appendString(",\"data\":").appendBuffer(data);
    String message = Texts.message(operationId, reply.status(), reply.message(), language);
    if (message != null) out.appendString(",\"message\":").appendString(Json.encode(message));
    return new Answer(reply.status(), headers, Responses.JSON, out.appendString("}"), version);
  }

  /** Writes the answer, or 304 when it is cacheable and the client already holds it. */
  void write(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    io.vertx.core.MultiMap out = ctx.response().headers();
    for (int i = 0; i + 1 < wire.length; i += 2) out.set(wire[i], wire[i + 1]);
    // the envelope's texts, and the texts of raw answers (iCalendar feeds, invoice PDFs), follow Accept-Language
    // (Texts): caches must tell the languages apart
    out.add(HttpHeaders.VARY, ACCEPT_LANGUAGE);
    if (notModified(ctx)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    Responses.lengthOfHead(ctx, body.length());
    out.set(HttpHeaders.CONTENT_TYPE, wire[wire.length - 1]);
    ctx.response().setStatusCode(status).end(body);
  }

  /**
   * A conditional GET of a cacheable answer (its reply sets both {@code ETag} and {@code Cache-Control}) that the
   * client already holds: {@code If-None-Match} names its entity tag, or is {@code *}.
   */
  private boolean notModified(RoutingContext ctx) {
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch == null || status != 200 || ctx.request().method() != HttpMethod.GET) return false;
    String etag = headers.get("ETag");
    if (etag == null || !headers.containsKey("Cache-Control")) return false;
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) return true;
    }
    return false;
  }
}
