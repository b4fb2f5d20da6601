package verticles;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidatorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.fuzz.Draft;
import verticles.fuzz.Findings;
import verticles.fuzz.Fixtures;
import verticles.fuzz.Json;
import verticles.fuzz.Jwts;
import verticles.fuzz.Mutator;
import verticles.fuzz.Mutator.Mutation;
import verticles.fuzz.RawHttp;
import verticles.fuzz.SchemaValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Contract-driven fuzzing of every operation in openapi.yaml (iterated from the contract, so a new operation is
 * fuzzed without being listed here). For each operation a valid baseline request is built from the schemas with
 * real fixtures in the path ({@link Fixtures}, {@link SchemaValues}); then
 * <ol>
 *   <li>a systematic pass sends the baseline and every mutation of {@link Mutator#catalogue} once, as the most
 *       privileged role the operation admits (plus forged and malformed credentials);</li>
 *   <li>a random pass sends, as each of visitor, student, instructor, admin — and the chat token or the service
 *       key where the operation declares them — the baseline and {@code fuzz.mutations} random mutations (one or
 *       two combined) chosen with a {@link Random} seeded from {@code fuzz.seed}.</li>
 * </ol>
 * Every answer must: not be a 5xx; when not 2xx, be the JSON error envelope {@code {success:false, error, code}}
 * as application/json; have a status the operation declares explicitly ({@code default} does not count; 429 is
 * exempt); when 2xx, match the operation's response schema (non-JSON answers such as text/calendar or text/csv
 * are not schema-checked). All violations are collected and reported at the end, grouped by operation and kind,
 * each with its smallest reproducing request ({@link Findings}); the report is also written to
 * target/fuzz-report.txt. Requests are sent one at a time over a raw socket ({@link RawHttp}), so the same seed
 * gives the same requests (on the same day: dates are offsets from today).
 */
class FuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 20_260_310L);
  static final int MUTATIONS = Integer.getInteger("fuzz.mutations", 12);
  private static final boolean CORE = true, EXTRA = false;
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
  /**
   * Optional query parameters put in every baseline: the availability search needs a course (or an instructor),
   * and filtering lists by the fixture course still lists the fixtures.
   */
  private static final java.util.Set<String> QUERY_ALWAYS = java.util.Set.of("course_id");

  @BeforeAll
  static void start() {
    TestApp.get();
  }

  @AfterAll
  static void cleanUp() {
    Fixtures.reset();
  }

  @Test
  void everyOperationKeepsItsContract() throws IOException {
    Run run = new Run();
    try (run.http) { // closes the raw client's sockets
      run.execute();
    }
    Files.createDirectories(Path.of("target"));
    String report = run.summary() + "\n" + run.baselines()
      + "\nViolations by operation, with the smallest request for each trigger:\n" + run.findings.report();
    Files.writeString(Path.of("target", "fuzz-report.txt"), report);
    System.out.println(report);
    if (!run.findings.isEmpty()) {
      fail(run.findings.groupCount() + " contract violation groups in " + run.findings.operationCount()
        + " operations (seed " + SEED + "; one example per trigger in target/fuzz-report.txt):\n" + run.summary()
        + "\nViolations by operation and kind, each with its smallest request:\n" + run.findings.summary());
    }
  }

  /** One fuzzing run: fixtures, the per-operation loop, the checks and the counts. */
  private static final class Run {
    final Random random = new Random(SEED);
    final OpenAPIContract contract = Api.get().contract();
    final ResponseValidator validator = ResponseValidator.create(TestApp.get().vertx(), contract);
    final RawHttp http = new RawHttp("127.0.0.1", TestApp.port());
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    final Fixtures fixtures = new Fixtures(http, contract, today);
    final Jwts jwts = new Jwts(TestApp.config().getJsonObject("jwt"));
    final Findings findings = new Findings();
    final Map<String, List<String>> baselines = new LinkedHashMap<>();
    final Map<String, String> catalogueSizes = new LinkedHashMap<>();
    int renewals;
    String lastCode;
    final List<String> notes = new ArrayList<>();
    Fixtures.Batch batch;
    final SchemaValues values = new SchemaValues(random, (name, schema, where, siblings) ->
      batch == null ? null : batch.hint(name, schema, where, siblings), today);
    final Mutator mutator = new Mutator(random, values);
    int requests;
    int freshCounter;
    long started;

    void execute() {
      started = System.nanoTime();
      fixtures.create();
      selfCheck();
      List<Operation> ops = new ArrayList<>(contract.operations());
      ops.sort(java.util.Comparator.comparing(Operation::getOperationId));
      for (Operation op : ops) fuzz(op);
      fixtures.ensureTokens();
      fixtures.issuedTokens().forEach((token, role) -> findings.redact(token, role.equals("chat") ? "<chat token>"
        : "<" + role + " access token>"));
      findings.redact(TestApp.SERVICE_KEY, "<service key>");
      fixtures.problems().forEach(p -> notes.add("fixture problem (a random id was used instead): " + p));
    }

    /**
     * The fuzzer's own tools work, so that a violation is the server's and not an encoding mistake here: the
     * encoder sends a lone surrogate and NUL as JSON escapes and an emoji as UTF-8, the raw client reaches the
     * server, and a forged copy of a real token is accepted.
     */
    private void selfCheck() {
      assertEquals("[\"\\ud800\",\"a\\u0000b\"]", Json.encode(List.of("\ud800", "a\u0000b")));
      assertEquals("\"\uD83D\uDE00\"", new String(Json.bytes("\uD83D\uDE00"), java.nio.charset.StandardCharsets.UTF_8));
      Fixtures.Reply health = fixtures.call("auth.me", "Bearer " + fixtures.token("admin"), Map.of(), Map.of(), null);
      assertEquals(200, health.status(), "the fuzz admin's token works: " + health);
      Fixtures.Reply forged = fixtures.call("auth.me", "Bearer " + jwts.sign(adminClaims()), Map.of(), Map.of(), null);
      assertEquals(200, forged.status(), "a forged copy of a real access token is accepted (else the forger is broken): " + forged);
    }

    // --- one operation ---------------------------------------------------------------------------------

    private void fuzz(Operation op) {
      boolean changes = op.getHttpMethod() != HttpMethod.GET;
      BatchRun sys = new BatchRun(op, systematicRole(op), changes);
      Draft base = sys.baseline();
      String firstKind = pathNames(op).stream().map(p -> Fixtures.pathKind(op.getOpenAPIPath(), p)).filter(k -> k != null)
        .findFirst().orElse(null);
      List<Mutation> catalogue = mutator.catalogue(op, base,
        new Mutator.Context(fixtures.foreignIds(firstKind), changes, credentials(op)));
      send(sys, d -> { });
      for (Mutation m : catalogue) if (m.systematic()) send(sys, d -> apply(m, d));
      for (String role : roles(op)) {
        BatchRun run = new BatchRun(op, role, changes);
        int status = send(run, d -> { });
        baselines.computeIfAbsent(op.getOperationId(), k -> new ArrayList<>())
          .add(role + " " + status + (status / 100 == 2 || lastCode == null ? "" : " " + lastCode));
        for (int i = 0; i < MUTATIONS; i++) send(run, d -> mutator.random(catalogue, d));
      }
      catalogueSizes.put(op.getOperationId(), catalogue.stream().filter(Mutation::systematic).count() + " systematic of "
        + catalogue.size() + " mutations");
    }

    private static void apply(Mutation m, Draft d) {
      m.change().accept(d);
      d.applied(m.name(), m.family());
    }

    /** A batch (one operation as one role) with its baseline, rebuilt after a success used up its victims. */
    private final class BatchRun {
      final Operation op;
      final String role;
      final Fixtures.Batch batch;
      Draft baseline;

      BatchRun(Operation op, String role, boolean changes) {
        this.op = op;
        this.role = role;
        this.batch = fixtures.new Batch(role, changes);
        // a previous batch may have ended this role's session (a logout, a role change): log in again if so
        if (Fixtures.ROLES.contains(role) && fixtures.ensureToken(role)) renewals++;
      }

      Draft baseline() {
        if (baseline == null) {
          Run.this.batch = batch;
          baseline = buildBaseline(op, batch);
        }
        return baseline;
      }
    }

    private Draft buildBaseline(Operation op, Fixtures.Batch batch) {
      Draft d = new Draft(op.getOperationId(), op.getHttpMethod().name(), op.getOpenAPIPath());
      for (String name : pathNames(op)) {
        String kind = Fixtures.pathKind(op.getOpenAPIPath(), name);
        String id = batch.pathId(kind);
        if (id == null) {
          id = values.uuid().toString();
          String note = "no fixture for path parameter {" + name + "} of " + op.getOperationId() + ": a random UUID is used";
          if (!notes.contains(note)) notes.add(note);
        }
        d.path.put(name, Draft.encode(id));
      }
      for (Parameter p : op.getParameters()) {
        if (p.getIn() == io.vertx.openapi.contract.Location.PATH) continue; // filled from the fixtures above
        if (!p.isRequired() && !QUERY_ALWAYS.contains(p.getName())) continue;
        Object value = values.valid(p.getName(), SchemaValues.json(p.getSchema()),
          switch (p.getIn()) {
            case QUERY -> SchemaValues.Where.QUERY;
            case HEADER -> SchemaValues.Where.HEADER;
            default -> SchemaValues.Where.PATH;
          });
        switch (p.getIn()) {
          case QUERY -> d.query.add(new String[]{p.getName(), Draft.encode(String.valueOf(value))});
          case HEADER -> d.headers.add(new String[]{p.getName(), String.valueOf(value)});
          default -> {
          }
        }
      }
      JsonObject bodySchema = Mutator.bodySchema(op);
      if (bodySchema != null) d.body = values.object(bodySchema, SchemaValues.Where.BODY, 0);
      if (Mutator.takesForm(op)) { // an upload: a valid form, which the form mutations break
        d.rawBody = Mutator.form(Mutator.FORM_CSV.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.contentType = Mutator.FORM_TYPE;
      }
      return d;
    }

    static List<String> pathNames(Operation op) {
      List<String> names = new ArrayList<>();
      Matcher m = PATH_PARAM.matcher(op.getOpenAPIPath());
      while (m.find()) names.add(m.group(1));
      return names;
    }

    private static boolean declares(Operation op, String scheme) {
      for (SecurityRequirement r : op.getSecurityRequirements()) if (r.getNames().contains(scheme)) return true;
      return false;
    }

    /** The role that gets furthest: the service key, the visitor for public operations, else the admin. */
    private static String systematicRole(Operation op) {
      if (declares(op, "serviceKey")) return "service";
      if (op.getSecurityRequirements().isEmpty()) return "visitor";
      return "admin";
    }

    private static List<String> roles(Operation op) {
      List<String> roles = new ArrayList<>(List.of("visitor", "student", "instructor", "admin"));
      if (declares(op, "chatToken")) roles.add("chat");
      if (declares(op, "serviceKey")) roles.add("service");
      return roles;
    }

    // --- sending and checking --------------------------------------------------------------------------

    /** Builds the request from a copy of the batch's baseline, sends it, checks the answer; returns the status. */
    private int send(BatchRun run, Consumer<Draft> mutate) {
      batch = run.batch;
      Draft d = run.baseline().copy();
      mutate.accept(d);
      RawHttp.Request request = render(d, run);
      int status = exchange(run, d, request);
      if (status == 429) {
        Fixtures.relax();
        status = exchange(run, d, request);
      }
      boolean bearerRole = Fixtures.ROLES.contains(run.role);
      if (status == 401 && bearerRole && Draft.AUTO.equals(d.authorization)
        && (declares(run.op, "bearerAuth") || declares(run.op, "chatToken"))) {
        fixtures.relogin(run.role); // e.g. auth.logout ended this role's session
      }
      if (status / 100 == 2 && run.batch.hasVictims()) {
        run.batch.invalidate(); // the success changed or used up the victims: the next request gets new ones
        run.baseline = null;
      }
      return status;
    }

    private int exchange(BatchRun run, Draft d, RawHttp.Request request) {
      requests++;
      lastCode = null;
      String mutation = d.applied.isEmpty() ? "baseline" : String.join(" + ", d.applied);
      RawHttp.Response response;
      try {
        response = http.send(request);
      } catch (IOException e) {
        findings.add(run.op.getOperationId(), "no answer (" + e.getMessage() + ")",
          new Findings.Example(run.role, mutation, d.trigger(), request, -1, null, null, null));
        return -1;
      }
      check(run.op, run.role, mutation, d, request, response);
      try {
        lastCode = new JsonObject(response.text()).getString("code");
      } catch (RuntimeException notAnEnvelope) {
        // no code
      }
      return response.status();
    }

    private RawHttp.Request render(Draft d, BatchRun run) {
      List<String[]> headers = new ArrayList<>();
      String auth = Draft.AUTO.equals(d.authorization) ? roleAuthorization(run) : d.authorization;
      if (auth != null) headers.add(new String[]{"Authorization", auth});
      String key = Draft.AUTO.equals(d.serviceKey) ? ("service".equals(run.role) ? TestApp.SERVICE_KEY : null) : d.serviceKey;
      if (key != null) headers.add(new String[]{"X-Service-Key", key});
      int n = ++freshCounter;
      byte[] body = d.rawBody != null ? d.rawBody : d.body == Draft.NONE ? null : Json.bytes(fresh(d.body, n));
      String type = Draft.AUTO.equals(d.contentType) ? (body != null ? "application/json" : null) : d.contentType;
      if (type != null) headers.add(new String[]{"Content-Type", type});
      for (String[] h : d.headers) {
        headers.add(new String[]{h[0], values.fresh.containsKey(h[1]) ? freshValue(h[1], n) : h[1]});
      }
      return new RawHttp.Request(d.method, d.target(), headers, body);
    }

    private String roleAuthorization(BatchRun run) {
      return switch (run.role) {
        case "student", "instructor", "admin" -> "Bearer " + fixtures.token(run.role);
        case "chat" -> "Bearer " + run.batch.chatToken();
        default -> null;
      };
    }

    /** The tree with every made-up value (email, key, name) made unique for request {@code n}. */
    @SuppressWarnings("unchecked")
    private Object fresh(Object value, int n) {
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, fresh(v, n)));
        return out;
      }
      if (value instanceof List<?> list) {
        List<Object> out = new ArrayList<>();
        for (Object v : list) out.add(fresh(v, n));
        return out;
      }
      if (value instanceof String s && values.fresh.containsKey(s)) return freshValue(s, n);
      return value;
    }

    private String freshValue(String s, int n) {
      return switch (values.fresh.get(s)) {
        case EMAIL -> s.replace("@", ".r" + n + "@");
        case KEY -> s + "-r" + n;
        case TEXT -> s + " " + n;
      };
    }

    /**
     * The four rules of the contract for one answer. The rules an answer breaks make up its kind, e.g.
     * "status 414: undeclared, not the JSON error envelope". When a mutation sends the request to another route
     * (an empty or slash-holding path segment), only the rules that hold for every route are applied.
     */
    private void check(Operation op, String role, String mutation, Draft d, RawHttp.Request request, RawHttp.Response r) {
      int status = r.status();
      String type = r.header("Content-Type");
      List<String> broken = new ArrayList<>();
      List<String> details = new ArrayList<>();
      if (status >= 500) broken.add("server error");
      if (status / 100 != 2) {
        String problem = envelopeProblem(r);
        if (problem != null) {
          broken.add("not the JSON error envelope");
          details.add(problem);
        }
      }
      if (status < 500 && status != 429 && !d.reroutes && op.getResponse(status) == null) broken.add("undeclared");
      if (status / 100 == 2 && !d.reroutes && op.getResponse(status) != null && (type == null || isJson(type))) {
        String problem = schemaProblem(op, r);
        if (problem != null) {
          broken.add("body does not match the response schema");
          details.add(problem);
        }
      }
      if (!broken.isEmpty()) {
        findings.add(op.getOperationId(), "status " + status + ": " + String.join(", ", broken),
          example(role, mutation, d, request, r, details.isEmpty() ? null : String.join("; ", details)));
      }
    }

    private static Findings.Example example(String role, String mutation, Draft d, RawHttp.Request request,
                                            RawHttp.Response r, String detail) {
      return new Findings.Example(role, mutation, d.trigger(), request, r.status(), r.header("Content-Type"), r.body(), detail);
    }

    private static boolean isJson(String contentType) {
      String media = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      return media.equals("application/json") || media.endsWith("+json");
    }

    /** Why the answer is not {@code {"success":false,"error":<string>,"code":<string>}} as application/json, or null. */
    private static String envelopeProblem(RawHttp.Response r) {
      String type = r.header("Content-Type");
      if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/json")) {
        return "Content-Type is " + (type == null ? "missing" : type);
      }
      JsonObject json;
      try {
        json = new JsonObject(r.text());
      } catch (RuntimeException e) {
        return "body is not a JSON object";
      }
      if (!Boolean.FALSE.equals(json.getValue("success"))) return "success is not false";
      if (!(json.getValue("error") instanceof String)) return "error is not a string";
      if (!(json.getValue("code") instanceof String)) return "code is not a string";
      return null;
    }

    private String schemaProblem(Operation op, RawHttp.Response r) {
      try {
        TestApp.await(validator.validate(ValidatableResponse.create(r.status(), Buffer.buffer(r.body()),
          r.header("Content-Type")), op.getOperationId()));
        return null;
      } catch (RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof ValidatorException)) cause = cause.getCause();
        StringBuilder out = new StringBuilder(String.valueOf(cause.getMessage()));
        if (cause instanceof SchemaValidationException s && s.getOutputUnit() != null && s.getOutputUnit().getErrors() != null) {
          int shown = 0;
          for (OutputUnit unit : s.getOutputUnit().getErrors()) {
            if (shown++ == 4) break;
            out.append("; ").append(unit.getInstanceLocation()).append(": ").append(unit.getError());
          }
        }
        return out.toString();
      }
    }

    // --- credentials -------------------------------------------------------------------------------------

    /**
     * Malformed Authorization values, forged tokens with odd claims, wrong service keys — where they apply. The
     * systematic ones are those that reach the operation's own code (claims the gate lets through) plus the
     * common malformations; the others are drawn by the random pass.
     */
    private List<Mutation> credentials(Operation op) {
      boolean bearer = declares(op, "bearerAuth"), chat = declares(op, "chatToken"), service = declares(op, "serviceKey");
      List<Mutation> out = new ArrayList<>();
      if (bearer || chat) {
        auth(out, "Authorization: Bearer (no token)", CORE, () -> "Bearer");
        auth(out, "Authorization: Basic credentials", CORE, () -> "Basic Zm9vOmJhcg==");
        auth(out, "Authorization: lower-case scheme", CORE, () -> "bearer " + admin());
        auth(out, "Authorization: garbage token", CORE, () -> "Bearer fuzz");
        auth(out, "Authorization: NUL after the token", CORE, () -> "Bearer " + admin() + "\u0000");
        auth(out, "Authorization: Bearer and spaces only", EXTRA, () -> "Bearer    ");
        auth(out, "Authorization: upper-case scheme", EXTRA, () -> "BEARER " + admin());
        auth(out, "Authorization: token without scheme", EXTRA, this::admin);
        auth(out, "Authorization: tampered signature", EXTRA, () -> "Bearer " + tamper(admin()));
        auth(out, "Authorization: empty JWT parts", EXTRA, () -> "Bearer ..");
        auth(out, "Authorization: a.b.c", EXTRA, () -> "Bearer a.b.c");
        auth(out, "Authorization: two tokens", EXTRA, () -> "Bearer " + admin() + " " + admin());
        auth(out, "Authorization: tab after Bearer", EXTRA, () -> "Bearer\t" + admin());
        auth(out, "Authorization: 4 KB token", EXTRA, () -> "Bearer " + "a".repeat(4096));
        out.add(new Mutation("two Authorization headers", "credentials", EXTRA, d -> {
          d.authorization = "Bearer " + admin();
          d.headers.add(new String[]{"Authorization", "Bearer fuzz"});
        }));
        if (!chat) auth(out, "Authorization: a chat token where only access tokens count", CORE, () -> "Bearer " + fixtures.chatToken);
        auth(out, "JWT alg none", CORE, () -> "Bearer " + Jwts.unsigned(adminClaims()));
        auth(out, "JWT signed with another key", EXTRA, () -> "Bearer " + jwts.signWrongKey(adminClaims()));
        auth(out, "JWT HS512 with the academy key", EXTRA, () -> "Bearer " + jwts.signHs512(adminClaims()));
        auth(out, "JWT payload not JSON", EXTRA, () -> "Bearer " + jwts.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "fuzz"));
        auth(out, "JWT payload a JSON array", EXTRA, () -> "Bearer " + jwts.signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "[]"));
        auth(out, "JWT header not JSON", EXTRA, () -> "Bearer " + jwts.signRaw("fuzz", Json.encode(adminClaims())));
        String nobody = values.uuid().toString();
        claims(out, "exp as a string", CORE, c -> c.put("exp", String.valueOf(c.get("exp"))));
        claims(out, "sub not a UUID", CORE, c -> c.put("sub", "not-a-uuid"));
        claims(out, "sub a random UUID of no user, role admin", CORE, c -> c.put("sub", nobody));
        claims(out, "sub a random UUID of no user, role instructor", CORE, c -> {
          c.put("sub", nobody);
          c.put("role", "instructor");
        });
        claims(out, "sub a random UUID of no user, role student", CORE, c -> {
          c.put("sub", nobody);
          c.put("role", "student");
        });
        claims(out, "sub a number", CORE, c -> c.put("sub", 42L));
        claims(out, "sub with NUL", CORE, c -> c.put("sub", c.get("sub") + "\u0000"));
        claims(out, "role unknown", CORE, c -> c.put("role", "superuser"));
        claims(out, "role an array", CORE, c -> c.put("role", new ArrayList<>(List.of("admin"))));
        claims(out, "email a number", CORE, c -> c.put("email", 5L));
        claims(out, "exp missing", EXTRA, c -> c.remove("exp"));
        claims(out, "exp null", EXTRA, c -> c.put("exp", null));
        claims(out, "exp 1e20", EXTRA, c -> c.put("exp", new Json.Raw("100000000000000000000")));
        claims(out, "exp fractional", EXTRA, c -> c.put("exp", new Json.Raw(c.get("exp") + ".5")));
        claims(out, "exp in the past", EXTRA, c -> c.put("exp", 1_000_000_000L));
        claims(out, "exp negative", EXTRA, c -> c.put("exp", -1L));
        claims(out, "sub empty", EXTRA, c -> c.put("sub", ""));
        claims(out, "sub an array", EXTRA, c -> c.put("sub", new ArrayList<>(List.of(String.valueOf(c.get("sub"))))));
        claims(out, "role upper-case", EXTRA, c -> c.put("role", "ADMIN"));
        claims(out, "role a number", EXTRA, c -> c.put("role", 1L));
        claims(out, "role missing", EXTRA, c -> c.remove("role"));
        claims(out, "typ missing", EXTRA, c -> c.remove("typ"));
        claims(out, "typ refresh", EXTRA, c -> c.put("typ", "refresh"));
        claims(out, "typ chat", EXTRA, c -> c.put("typ", "chat"));
        claims(out, "jti missing", EXTRA, c -> c.remove("jti"));
        claims(out, "jti a number", EXTRA, c -> c.put("jti", 7L));
        claims(out, "sid missing", EXTRA, c -> c.remove("sid"));
        claims(out, "sid not a UUID", EXTRA, c -> c.put("sid", "not-a-uuid"));
        claims(out, "iss wrong", EXTRA, c -> c.put("iss", "fuzz"));
        claims(out, "aud wrong", EXTRA, c -> c.put("aud", "fuzz"));
        claims(out, "nbf in the future", EXTRA, c -> c.put("nbf", 4_102_444_800L));
        claims(out, "iat in the future", EXTRA, c -> c.put("iat", 4_102_444_800L));
        claims(out, "iat a string", EXTRA, c -> c.put("iat", "yesterday"));
        claims(out, "email 2000 characters", EXTRA, c -> c.put("email", "e".repeat(2000)));
      }
      if (chat) {
        String noSession = values.uuid().toString();
        chatClaims(out, "sub not a UUID", CORE, c -> c.put("sub", "not-a-uuid"));
        chatClaims(out, "sub a random UUID of no session", CORE, c -> c.put("sub", noSession));
        chatClaims(out, "sub a number", CORE, c -> c.put("sub", 42L));
        chatClaims(out, "sub null", EXTRA, c -> c.put("sub", null));
        chatClaims(out, "exp as a string", EXTRA, c -> c.put("exp", String.valueOf(c.get("exp"))));
        chatClaims(out, "typ access", EXTRA, c -> c.put("typ", "access"));
        chatClaims(out, "typ missing", EXTRA, c -> c.remove("typ"));
        chatClaims(out, "audience of access tokens", EXTRA, c -> c.put("aud", jwts.audience()));
      }
      if (service) {
        key(out, "X-Service-Key: missing", CORE, null);
        key(out, "X-Service-Key: wrong", CORE, "wrong-service-key-0123456789abcdef");
        key(out, "X-Service-Key: right key and NUL", CORE, TestApp.SERVICE_KEY + "\u0000");
        key(out, "X-Service-Key: empty", EXTRA, "");
        key(out, "X-Service-Key: right key and a space", EXTRA, TestApp.SERVICE_KEY + " ");
        key(out, "X-Service-Key: upper-case", EXTRA, TestApp.SERVICE_KEY.toUpperCase(Locale.ROOT));
        key(out, "X-Service-Key: 5 KB", EXTRA, "k".repeat(5000));
        out.add(new Mutation("X-Service-Key and an admin Bearer token", "credentials", EXTRA, d -> d.authorization = "Bearer " + admin()));
        out.add(new Mutation("admin Bearer token instead of X-Service-Key", "credentials", CORE, d -> {
          d.serviceKey = null;
          d.authorization = "Bearer " + admin();
        }));
      }
      return out;
    }

    private String admin() {
      return fixtures.token("admin");
    }

    /** The fuzz admin's real claims with a new jti (so that the token is new but otherwise genuine). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> adminClaims() {
      Map<String, Object> c = (Map<String, Object>) Json.fromVertx(Jwts.payload(admin()));
      c.put("jti", java.util.UUID.randomUUID().toString()); // a jti of its own (jti must be a UUID)
      return c;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> chatTokenClaims() {
      return (Map<String, Object>) Json.fromVertx(Jwts.payload(fixtures.chatToken));
    }

    private static String tamper(String token) {
      int at = token.length() - 10;
      char c = token.charAt(at);
      return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    private static void auth(List<Mutation> out, String name, boolean systematic, Supplier<String> value) {
      out.add(new Mutation(name, "credentials", systematic, d -> d.authorization = value.get()));
    }

    private void claims(List<Mutation> out, String name, boolean systematic, Consumer<Map<String, Object>> change) {
      out.add(new Mutation("JWT (valid signature) " + name, "credentials", systematic, d -> {
        Map<String, Object> c = adminClaims();
        change.accept(c);
        d.authorization = "Bearer " + jwts.sign(c);
      }));
    }

    private void chatClaims(List<Mutation> out, String name, boolean systematic, Consumer<Map<String, Object>> change) {
      out.add(new Mutation("chat JWT (valid signature) " + name, "credentials", systematic, d -> {
        Map<String, Object> c = chatTokenClaims();
        change.accept(c);
        d.authorization = "Bearer " + jwts.sign(c);
      }));
    }

    private static void key(List<Mutation> out, String name, boolean systematic, String value) {
      out.add(new Mutation(name, "credentials", systematic, d -> d.serviceKey = value));
    }

    // --- summary -------------------------------------------------------------------------------------------

    /** Counts, notes and the kinds of violation with their operations. */
    String summary() {
      long millis = (System.nanoTime() - started) / 1_000_000;
      StringBuilder out = new StringBuilder();
      out.append(String.format("Fuzzing: %d operations, %d fuzz requests (+%d for fixtures and token checks) in %.1f s, "
          + "seed %d, %d random mutations per operation and role%n", contract.operations().size(), requests,
        fixtures.requests, millis / 1000.0, SEED, MUTATIONS));
      if (renewals > 0) {
        out.append("  a role's token had been ended by an earlier request (a logout) and the role logged in again: ")
          .append(renewals).append(" time(s)\n");
      }
      notes.forEach(n -> out.append("  ").append(n).append('\n'));
      out.append(String.format("%d violation groups in %d operations. Kinds:%n", findings.groupCount(), findings.operationCount()));
      out.append(findings.overview());
      return out.toString();
    }

    /** The baseline's status for each operation and role (business refusals are expected), and the mutation counts. */
    String baselines() {
      StringBuilder out = new StringBuilder("Baseline statuses by role:\n");
      baselines.forEach((op, statuses) -> out.append("  ").append(op).append(": ").append(String.join(", ", statuses))
        .append("  (").append(catalogueSizes.get(op)).append(")\n"));
      return out.toString();
    }
  }
}
