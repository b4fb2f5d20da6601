package verticles.http;

import io.vertx.core.json.JsonObject;
import verticles.TestApp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client would refuse or repair: malformed escapes, huge
 * request lines and headers, control characters in headers. Sends {@code Connection: close} and reads to EOF.
 */
public final class RawHttp {
  private RawHttp() {
  }

  /** A parsed answer: status, headers (lower-case names) and body text. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends {@code head} (request line and headers, CRLF-separated, without the final blank line) and a body. */
  public static Answer send(String head, String body) {
    return send(head, body, null);
  }

  /** The same, with {@code raw} written after the head as it is (e.g. chunks), instead of a counted body. */
  public static Answer send(String head, String body, String raw) {
    byte[] payload = body != null ? body.getBytes(StandardCharsets.UTF_8)
      : raw != null ? raw.getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
    String request = head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      + (body == null ? "" : "Content-Length: " + payload.length + "\r\n") + "\r\n";
    try (Socket socket = new Socket("127.0.0.1", TestApp.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Answer get(String rawUri, String... headerLines) {
    return send("GET " + rawUri + " HTTP/1.1" + (headerLines.length == 0 ? "" : "\r\n" + String.join("\r\n", headerLines)), null);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) > 0; ) all.write(chunk, 0, n);
    return all.toByteArray();
  }

  /** Status 0: the server closed the connection without answering. */
  private static Answer parse(byte[] raw) {
    if (raw.length == 0) return new Answer(0, Map.of(), "");
    String text = new String(raw, StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = unchunk(body);
    return new Answer(status, headers, body);
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
      if (size == 0) break;
      out.append(body, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
