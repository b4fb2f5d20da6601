package verticles.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of the fuzzer before it is written: the operation's method and path template, the path
 * segments and query pairs already percent-encoded (so a mutation can put in {@code %ZZ} as it is), extra
 * headers, the body as a {@link Json} tree or as raw bytes, the Content-Type, and the credentials to use
 * ({@link #AUTO}: the role's own). {@link #applied} names the mutations applied, for the report.
 */
public final class Draft {
  /** "Use the default": the role's credentials, or application/json when there is a body. */
  public static final String AUTO = "\u0000auto";
  /** No body at all (as opposed to a JSON {@code null} body). */
  public static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "<none>";
    }
  };

  public final String operationId;
  public String method;
  public final String pathTemplate;
  /** Path parameter → segment as written (percent-encoded). */
  public final Map<String, String> path = new LinkedHashMap<>();
  /** Query pairs as written: {name, value}; value null → "name" without '='. */
  public final List<String[]> query = new ArrayList<>();
  /** Extra headers: {name, value}; values may hold any char (written byte for byte up to U+00FF). */
  public final List<String[]> headers = new ArrayList<>();
  /** The body as a JSON tree, or {@link #NONE}. */
  public Object body = NONE;
  /** When set, sent instead of {@link #body}. */
  public byte[] rawBody;
  /** {@link #AUTO}, null (no Content-Type) or the exact header value. */
  public String contentType = AUTO;
  /** {@link #AUTO} (the role's Authorization), null (none) or the exact header value. */
  public String authorization = AUTO;
  /** {@link #AUTO} (the role's X-Service-Key), null (none) or the exact header value. */
  public String serviceKey = AUTO;
  /** Mutations applied, in order, and the family each is reported under ({@link Mutator.Mutation#family}). */
  public final List<String> applied = new ArrayList<>();
  public final List<String> families = new ArrayList<>();
  /**
   * The mutation changes which route the request reaches (an empty or slash-containing path segment), so the
   * answer is the router's, not the operation's: its status is not held against the operation's contract.
   */
  public boolean reroutes;

  public Draft(String operationId, String method, String pathTemplate) {
    this.operationId = operationId;
    this.method = method;
    this.pathTemplate = pathTemplate;
  }

  public Draft copy() {
    Draft d = new Draft(operationId, method, pathTemplate);
    d.path.putAll(path);
    query.forEach(q -> d.query.add(q.clone()));
    headers.forEach(h -> d.headers.add(h.clone()));
    d.body = Json.copy(body);
    d.rawBody = rawBody;
    d.contentType = contentType;
    d.authorization = authorization;
    d.serviceKey = serviceKey;
    d.applied.addAll(applied);
    d.families.addAll(families);
    d.reroutes = reroutes;
    return d;
  }

  /** Notes an applied mutation. */
  public void applied(String name, String family) {
    applied.add(name);
    families.add(family);
  }

  /** What the request exercises, for grouping: "baseline", the one mutation's family, or "combined". */
  public String trigger() {
    if (families.isEmpty()) return "baseline";
    return families.size() == 1 ? families.get(0) : "combined";
  }

  /** The request-target: the template with the segments filled in, then the query. */
  public String target() {
    String p = pathTemplate;
    for (Map.Entry<String, String> e : path.entrySet()) p = p.replace("{" + e.getKey() + "}", e.getValue());
    StringBuilder t = new StringBuilder(p);
    for (int i = 0; i < query.size(); i++) {
      t.append(i == 0 ? '?' : '&').append(query.get(i)[0]);
      if (query.get(i)[1] != null) t.append('=').append(query.get(i)[1]);
    }
    String target = t.toString();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~:/?@!$&'()*+,;=%".indexOf(c) >= 0;
      if (!ok) throw new IllegalStateException("test bug: unencoded " + (int) c + " in request-target " + target);
    }
    return target;
  }

  /** Query value of a declared parameter, or null. */
  public String queryValue(String name) {
    for (String[] q : query) if (q[0].equals(name)) return q[1];
    return null;
  }

  public void setQuery(String name, String rawValue) {
    query.removeIf(q -> q[0].equals(name));
    query.add(new String[]{name, rawValue});
  }

  public void setHeader(String name, String value) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    headers.add(new String[]{name, value});
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (UTF-8). */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }
}
