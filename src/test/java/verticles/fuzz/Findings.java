package verticles.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every contract violation the fuzzer saw, grouped by (operation, kind). Within a group, requests are told
 * apart by what their mutation changed (the Content-Type, body.title, query page, the credentials, …): for each
 * such trigger the group keeps how often it happened, a few of the mutations and the smallest request that shows
 * it (fewest bytes of target, headers and body), printed so that it can be replayed by hand: role, method, raw
 * request-target, headers, body (first 300 characters), status and answer. Requests with two combined mutations
 * are only shown when nothing simpler shows the same violation. Known access tokens are printed by name
 * ({@code <admin access token>}), not by value.
 */
public final class Findings {
  private static final int SHOWN = 300;

  /** One request and its answer. {@code detail} says what is wrong (e.g. the schema error). */
  public record Example(String role, String mutation, String trigger, RawHttp.Request request, int status,
                        String contentType, byte[] response, String detail) {
    long size() {
      long n = request.target().length() + (request.body() == null ? 0 : request.body().length);
      for (String[] h : request.headers()) n += h[0].length() + h[1].length();
      return n;
    }
  }

  private static final class Group {
    int count;
    final Set<String> roles = new LinkedHashSet<>();
    final Map<String, Trigger> triggers = new TreeMap<>();
  }

  private static final class Trigger {
    int count;
    Example minimal;
    final Set<String> mutations = new LinkedHashSet<>();
  }

  private final Map<String, Map<String, Group>> groups = new TreeMap<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();

  /** Prints {@code value} as {@code name} in reports (access tokens, the service key). */
  public void redact(String value, String name) {
    if (value != null && !value.isEmpty()) secrets.put(value, name);
  }

  public void add(String operation, String kind, Example example) {
    Group g = groups.computeIfAbsent(operation, k -> new TreeMap<>()).computeIfAbsent(kind, k -> new Group());
    g.count++;
    g.roles.add(example.role());
    Trigger t = g.triggers.computeIfAbsent(example.trigger(), k -> new Trigger());
    t.count++;
    if (t.mutations.size() < 5) t.mutations.add(example.mutation());
    if (t.minimal == null || example.size() < t.minimal.size()) t.minimal = example;
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  public int groupCount() {
    return groups.values().stream().mapToInt(Map::size).sum();
  }

  public int operationCount() {
    return groups.size();
  }

  /** The kinds, each with the operations that show it (a short overview before the full list). */
  public String overview() {
    Map<String, List<String>> byKind = new TreeMap<>();
    groups.forEach((op, kinds) -> kinds.keySet().forEach(kind -> byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(op)));
    StringBuilder out = new StringBuilder();
    byKind.forEach((kind, ops) -> out.append("  ").append(kind).append(" — ").append(ops.size()).append(" operation(s): ")
      .append(String.join(", ", ops)).append('\n'));
    return out.toString();
  }

  /**
   * One entry per (operation, kind): how often, what triggered it, and the one smallest request that shows it.
   * (The failure message; {@link #report} has an example per trigger.)
   */
  public String summary() {
    StringBuilder out = new StringBuilder();
    groups.forEach((op, kinds) -> {
      out.append("\n=== ").append(op).append('\n');
      kinds.forEach((kind, g) -> {
        List<String> via = new ArrayList<>(g.triggers.keySet());
        if (via.size() > 1) via.remove("combined");
        out.append("  [").append(kind).append("] ×").append(g.count).append(", roles ").append(g.roles).append(", via ")
          .append(via.size() > 6 ? String.join(" | ", via.subList(0, 6)) + " | … (" + via.size() + " triggers)" : String.join(" | ", via))
          .append('\n');
        Example minimal = null;
        for (String trigger : via) {
          Example e = g.triggers.get(trigger).minimal;
          if (minimal == null || e.size() < minimal.size()) minimal = e;
        }
        example(out, minimal);
      });
    });
    return out.toString();
  }

  /** Every group with the smallest example of each thing that triggered it. */
  public String report() {
    StringBuilder out = new StringBuilder();
    groups.forEach((op, kinds) -> {
      out.append("\n=== ").append(op).append('\n');
      kinds.forEach((kind, g) -> {
        out.append("  [").append(kind).append("] ×").append(g.count).append(", roles ").append(g.roles).append('\n');
        g.triggers.forEach((trigger, t) -> {
          if (!trigger.equals("combined") || g.triggers.size() == 1) trigger(out, trigger, t);
        });
        Trigger combined = g.triggers.get("combined");
        if (combined != null && g.triggers.size() > 1) {
          out.append("    - and ").append(combined.count).append(" request(s) with two mutations combined\n");
        }
      });
    });
    return out.toString();
  }

  private void trigger(StringBuilder out, String trigger, Trigger t) {
    out.append("    - via ").append(trigger).append(" ×").append(t.count);
    if (t.mutations.size() > 1 || !t.mutations.contains(trigger)) out.append(": ").append(String.join(" | ", t.mutations));
    out.append('\n');
    example(out, t.minimal);
  }

  private void example(StringBuilder out, Example e) {
    RawHttp.Request r = e.request();
    out.append("      minimal: role ").append(e.role()).append(", mutation: ").append(e.mutation()).append('\n');
    out.append("      > ").append(r.method()).append(' ').append(cut(r.target())).append('\n');
    String claims = null;
    for (String[] h : r.headers()) {
      String value = redacted(h[1]);
      boolean authorization = h[0].equalsIgnoreCase("Authorization");
      out.append("      > ").append(show(h[0])).append(": ").append(authorization ? cut(value, 1200) : cut(value)).append('\n');
      if (authorization && claims == null) claims = claims(value);
    }
    if (r.body() != null) {
      out.append("      > body (").append(r.body().length).append(" bytes): ")
        .append(cut(new String(r.body(), StandardCharsets.UTF_8))).append('\n');
    }
    out.append("      < ").append(e.status() < 0 ? "no answer" : Integer.toString(e.status()))
      .append(e.contentType() == null ? "" : " " + e.contentType());
    if (e.response() != null && e.response().length > 0) {
      out.append(' ').append(cut(new String(e.response(), StandardCharsets.UTF_8)));
    } else if (e.status() >= 0) {
      out.append(" (empty body)");
    }
    out.append('\n');
    if (claims != null) out.append("      ! the token's claims: ").append(cut(claims)).append('\n');
    if (e.detail() != null) out.append("      ! ").append(cut(e.detail())).append('\n');
  }

  private String redacted(String value) {
    String v = value;
    for (Map.Entry<String, String> s : secrets.entrySet()) v = v.replace(s.getKey(), s.getValue());
    return v;
  }

  /** The claims of a (forged) JWT in an Authorization value, or null when there is none to read. */
  private static String claims(String authorization) {
    String[] parts = authorization.replaceFirst("^\\S+\\s+", "").split("\\.");
    if (parts.length < 2 || parts[1].isEmpty()) return null;
    try {
      return new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** At most 300 characters, non-printable ones as \xNN or \\uNNNN. */
  static String cut(String s) {
    return cut(s, SHOWN);
  }

  private static String cut(String s, int max) {
    String shown = s.length() > max ? s.substring(0, max) : s;
    return show(shown) + (s.length() > max ? "…(" + s.length() + " chars)" : "");
  }

  private static String show(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02X", (int) c));
      else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
        && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
        b.append(String.format("\\u%04x", (int) c));
      } else b.append(c);
    }
    return b.toString();
  }
}
