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
    for (Secret secret : secrets) {
      if (path.regionMatches(true, 0, secret.prefix(), 0, secret.prefix().length())
        && secret.path().matcher(path).matches()) {
        return secret.template();
      }
    }
    return uri;
  }
}
