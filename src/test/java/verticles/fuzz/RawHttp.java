package verticles.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over a plain {@link Socket}: it writes exactly the bytes it is given — request
 * targets with bad percent-escapes, 10 KB header values, NUL and control bytes in headers, any Content-Type or
 * none — which client libraries refuse or normalise. One keep-alive connection, reopened when the server closes
 * it. Header values are written byte for byte (chars up to U+00FF as one byte, anything above as UTF-8).
 * Responses are read by Content-Length, chunked transfer coding or connection close. Blocking; call it from the
 * test thread, never from an event loop.
 */
public final class RawHttp implements AutoCloseable {
  /**
   * Longest wait for an answer before the request counts as unanswered: the router answers within its bus
   * timeout (10 s in the test academy), so this only ends a request the server will never answer.
   */
  private static final int READ_TIMEOUT_MS = 12_000;

  /** A request as sent: {@code target} is the request-target (path and query) exactly as on the wire. */
  public record Request(String method, String target, List<String[]> headers, byte[] body) {
    public String header(String name) {
      for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
      return null;
    }
  }

  /** A response; {@code headers} keep their order and case. */
  public record Response(int status, List<String[]> headers, byte[] body) {
    public String header(String name) {
      for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
      return null;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int usedOnConnection;

  public RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Sends and reads the answer. A reused keep-alive connection that turns out to be closed before a single
   * byte of an answer arrived is retried once on a fresh connection (as any client does); other failures
   * are thrown.
   */
  public Response send(Request request) throws IOException {
    try {
      return attempt(request);
    } catch (StaleConnection stale) {
      close();
      try {
        return attempt(request);
      } catch (StaleConnection again) {
        throw new IOException("connection closed without an answer", again);
      }
    }
  }

  private Response attempt(Request request) throws IOException {
    if (socket == null) open();
    boolean reused = usedOnConnection > 0;
    usedOnConnection++;
    IOException writeFailure = null;
    try {
      out.write(bytes(request));
      out.flush();
    } catch (IOException e) {
      writeFailure = e; // the server may have answered early (414, 413, 431) and closed: read what it said
    }
    Response response;
    try {
      response = read(request.method());
    } catch (StaleConnection e) {
      close();
      if (reused) throw e; // the server had closed the kept-alive connection: retry on a new one
      throw new IOException("connection closed without an answer" + (writeFailure == null ? "" : " (write: "
        + writeFailure.getMessage() + ")"));
    } catch (IOException e) {
      close();
      if (reused && writeFailure != null) throw new StaleConnection();
      throw e;
    }
    String connection = response.header("Connection");
    if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close") || writeFailure != null) close();
    return response;
  }

  private void open() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65536);
    usedOnConnection = 0;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
  }

  private byte[] bytes(Request r) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(256 + (r.body() == null ? 0 : r.body().length));
    latin1(b, r.method() + " " + r.target() + " HTTP/1.1\r\n");
    if (r.header("Host") == null) latin1(b, "Host: " + host + ":" + port + "\r\n");
    for (String[] h : r.headers()) {
      latin1(b, h[0] + ": ");
      latin1(b, h[1]);
      latin1(b, "\r\n");
    }
    if (r.body() != null && r.header("Content-Length") == null && r.header("Transfer-Encoding") == null) {
      latin1(b, "Content-Length: " + r.body().length + "\r\n");
    }
    latin1(b, "\r\n");
    if (r.body() != null) b.writeBytes(r.body());
    return b.toByteArray();
  }

  /** Chars up to U+00FF as single bytes (so NUL and control bytes go out as they are), others as UTF-8. */
  private static void latin1(ByteArrayOutputStream b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0xff) {
        b.write(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        b.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
  }

  private Response read(String method) throws IOException {
    String statusLine;
    try {
      statusLine = line(true);
    } catch (SocketTimeoutException e) {
      throw new IOException("no answer within " + READ_TIMEOUT_MS + " ms");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + statusLine);
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (String line = line(false); !line.isEmpty(); line = line(false)) {
      int colon = line.indexOf(':');
      if (colon > 0) headers.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    Response head = new Response(status, headers, new byte[0]);
    byte[] body;
    String te = head.header("Transfer-Encoding"), cl = head.header("Content-Length");
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      body = new byte[0];
    } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked();
    } else if (cl != null) {
      body = in.readNBytes(Integer.parseInt(cl.trim()));
    } else {
      body = in.readAllBytes();
      close();
    }
    return new Response(status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(false);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line(false).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(n));
      line(false);
    }
  }

  private String line(boolean first) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (first && b.size() == 0) throw new StaleConnection();
        throw new IOException("connection closed in the middle of an answer");
      }
      if (c == '\n') break;
      if (c != '\r') b.write(c);
      if (b.size() > 65536) throw new IOException("answer line too long");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The connection was closed before any byte of an answer. */
  private static final class StaleConnection extends IOException {
    StaleConnection() {
      super("connection closed before an answer");
    }
  }
}
