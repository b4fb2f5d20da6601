package verticles.http;

import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paths that carry a secret (issue 20: a calendar feed's token): a path parameter marked {@code x-secret-path: true} in
 * the contract. The access log and error logs show such a request's path as its contract template
 * ({@code /api/schedules/calendar/{feed}}), never the secret; request metrics are labelled by operation only anyway.
 */
final class SecretPaths {
  /** {@code prefix}: the template's literal start, checked before the pattern (most paths differ there at once). */
  private record Secret(String prefix, Pattern path, String template) {
  }

  private final List<Secret> secrets = new ArrayList<>();

  SecretPaths(OpenAPIContract contract) {
    for (Operation op : contract.operations()) {
      boolean secret = op.getParameters().stream()
        .anyMatch(p -> p.getIn() == Location.PATH && Boolean.TRUE.equals(p.getExtensions().get("x-secret-path")));
      String template = op.getOpenAPIPath();
      int brace = template.indexOf('{');
      if (secret) secrets.add(new Secret(brace < 0 ? template : template.substring(0, brace),
        pattern(template, op.getParameters()), template));
    }
  }

  /** The template as a pattern: each parameter one segment of anything, the rest literal (case-insensitively). */
  private static Pattern pattern(String template, List<Parameter> parameters) {
    StringBuilder regex = new StringBuilder();
    Matcher names = Pattern.compile("\\{[^}]+}").matcher(template);
    int last = 0;
    while (names.find()) {
      regex.append(Pattern.quote(template.substring(last, names.start()))).append("[^/]*");
      last = names.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("/?");
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  /** The path (or URI: the query is dropped when the path is secret) as it may be logged. */
  String shown(String uri) {
    if (uri == null || secrets.isEmpty()) return uri;
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    String template = secret(path);
    if (template != null) return template;
    // the router routes the normalized path: "/api//schedules/./calendar/<token>", "/%61pi/…" or "…/x/../<token>"
    // reach the feed too, and "calendar%2F<token>" still carries the token
    if (path.indexOf('%') >= 0 || path.contains("//") || path.contains("/.")) {
      template = secret(normalized(path));
      if (template != null) return template;
    }
    return uri;
  }

  private String secret(String path) {
    for (Secret secret : secrets) {
      if (path.regionMatches(true, 0, secret.prefix(), 0, secret.prefix().length())
        && secret.path().matcher(path).matches()) {
        return secret.template();
      }
    }
    return null;
  }

  /**
   * The path as a secret could hide in it: every percent escape decoded (an invalid one kept as is), empty and
   * {@code .} segments dropped, {@code ..} resolved (RFC 3986 §5.2.4).
   */
  static String normalized(String path) {
    StringBuilder decoded = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      int hi = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
      if (c == '%' && lo >= 0) {
        decoded.append((char) (hi * 16 + lo));
        i += 2;
      } else {
        decoded.append(c);
      }
    }
    java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
    for (String segment : decoded.toString().split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) segments.pollLast();
      else segments.addLast(segment);
    }
    String out = "/" + String.join("/", segments);
    return decoded.length() > 1 && decoded.charAt(decoded.length() - 1) == '/' && !out.equals("/") ? out + "/" : out;
  }
}
