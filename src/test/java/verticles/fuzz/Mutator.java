package verticles.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mutations of one operation's baseline request, derived from the contract: every path, query and header
 * parameter and every body property (nested ones too) gets wrong types, null, empty and whitespace-only
 * strings, 100k-character strings, NUL, emoji, a lone surrogate, huge/negative/fractional numbers, odd dates,
 * UUIDs and emails; the body gets malformed JSON, other top-level types, missing required and unknown fields;
 * the request gets odd and missing Content-Types, bad percent-escapes, a ~10 KB URI and header, NUL and control
 * bytes in headers. {@link #catalogue} lists them in a fixed order; the <em>systematic</em> ones (the core of
 * each list) are each sent once, and {@link #random} applies one or two of all of them (the core and the
 * extended values), chosen with the seeded {@link Random}.
 */
public final class Mutator {
  /**
   * A named change to the baseline. {@code category} says what it changes ("Content-Type", "body.title",
   * "query page", "credentials", …: reports group by it, and a random pair never changes one thing twice);
   * {@code systematic}: sent once in the systematic pass (else only drawn by the random pass).
   */
  public record Mutation(String name, String category, boolean systematic, Consumer<Draft> change) {
    /**
     * What a report groups this mutation's violations under: the category where every variant has one cause
     * (any odd Content-Type, any broken body, any malformed header, a long URI), the parameter for a bad
     * percent-escape in it, else the mutation itself ("body.full_name = whitespace only", "query page=2147483647").
     */
    public String family() {
      if (category.equals("Content-Type") || category.equals("body structure") || category.equals("headers")
        || category.equals("URI length")) {
        return category;
      }
      if ((category.startsWith("query ") || category.startsWith("path ")) && badEscape(name)) {
        return category + ": bad percent-escape";
      }
      return name;
    }
  }

  /** Whether the text holds a '%' that is no escape, or escapes that decode to invalid UTF-8. */
  static boolean badEscape(String text) {
    if (Pattern.compile("%(?![0-9A-Fa-f]{2})").matcher(text).find()) return true;
    Matcher m = Pattern.compile("(%[0-9A-Fa-f]{2})+").matcher(text);
    while (m.find()) {
      String run = m.group();
      byte[] bytes = new byte[run.length() / 3];
      for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(run.substring(3 * i + 1, 3 * i + 3), 16);
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      } catch (java.nio.charset.CharacterCodingException e) {
        return true;
      }
    }
    return false;
  }

  /** What the caller knows about the operation's fixtures. */
  public record Context(
    /** Real ids of another kind than the path parameter's (to send where this kind is expected). */
    List<String> foreignIds,
    /** The operation changes or deletes what its path names: no foreign ids there (they would hit fixtures). */
    boolean destructive,
    /** Authorization / service-key mutations for this operation. */
    List<Mutation> credentials) {
  }

  static final String HUNDRED_K = "a".repeat(100_000);
  static final String DASHES = "-".repeat(40);
  private static final boolean CORE = true, EXTRA = false;
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private final Random random;
  private final SchemaValues values;

  public Mutator(Random random, SchemaValues values) {
    this.random = random;
    this.values = values;
  }

  /** Every mutation of the operation, in a fixed order. */
  public List<Mutation> catalogue(Operation op, Draft baseline, Context ctx) {
    List<Mutation> out = new ArrayList<>();
    JsonObject bodySchema = bodySchema(op);
    contentTypes(bodySchema != null || takesForm(op), out);
    if (takesForm(op)) formMutations(out);
    if (bodySchema != null) {
      bodyStructure(op, bodySchema, baseline, out);
      for (Prop prop : props(bodySchema)) bodyValues(prop, bodySchema, baseline, ctx, out);
    }
    Matcher m = PATH_PARAM.matcher(op.getOpenAPIPath());
    while (m.find()) pathValues(m.group(1), baseline, ctx, out);
    for (Parameter p : op.getParameters()) {
      JsonObject schema = SchemaValues.json(p.getSchema());
      if (p.getIn() == Location.QUERY) queryValues(p.getName(), schema, baseline, out);
      if (p.getIn() == Location.HEADER) headerParam(p.getName(), out);
    }
    queryString(op, out);
    headers(out);
    out.addAll(ctx.credentials());
    return out;
  }

  /** Applies one mutation (of the whole catalogue), or about a third of the time two that change different things. */
  public void random(List<Mutation> catalogue, Draft d) {
    Mutation first = catalogue.get(random.nextInt(catalogue.size()));
    first.change().accept(d);
    d.applied(first.name(), first.family());
    if (random.nextInt(100) < 35) {
      Mutation second = catalogue.get(random.nextInt(catalogue.size()));
      if (!second.category().equals(first.category())) {
        second.change().accept(d);
        d.applied(second.name(), second.family());
      }
    }
  }

  public static JsonObject bodySchema(Operation op) {
    if (op.getRequestBody() == null) return null;
    MediaType json = op.getRequestBody().getContent().get("application/json");
    return json == null ? null : SchemaValues.json(json.getSchema());
  }

  // --- multipart forms (the CSV import) -------------------------------------------------------------

  public static final String FORM_BOUNDARY = "fuzzForm7MA4YWxkTrZu0gW";
  /** The Content-Type of a form baseline. */
  public static final String FORM_TYPE = "multipart/form-data; boundary=" + FORM_BOUNDARY;
  /** A valid CSV for the import: one new DIKE student (later runs skip it as imported before). */
  public static final String FORM_CSV = "name,nim,email\nFuzz Student,24/000999/PA/00999,fuzz.student@example.com\n";

  /** An operation that takes a multipart form and no JSON: its baseline is {@link #form} with {@link #FORM_CSV}. */
  public static boolean takesForm(Operation op) {
    return op.getRequestBody() != null && op.getRequestBody().getContent().containsKey("multipart/form-data")
      && !op.getRequestBody().getContent().containsKey("application/json");
  }

  /** A multipart/form-data body with one file part "file" holding {@code csv}. */
  public static byte[] form(byte[] csv) {
    return formParts(filePart("file", csv));
  }

  private static byte[] filePart(String name, byte[] content) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"students.csv\"\r\nContent-Type: text/csv\r\n\r\n")
      .getBytes(StandardCharsets.UTF_8));
    b.writeBytes(content);
    return b.toByteArray();
  }

  /** Parts (each its headers, a blank line and its content) between the boundaries. */
  private static byte[] formParts(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      b.writeBytes(("--" + FORM_BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8));
      b.writeBytes(part);
      b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes(("--" + FORM_BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] csvWith(byte[] middle) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8("name,nim,email\nFuzz "));
    b.writeBytes(middle);
    b.writeBytes(utf8(",24/000998/PA/00998,fuzz.bytes@example.com\n"));
    return b.toByteArray();
  }

  /** Broken forms, odd parts and hostile files for an operation that takes a multipart form. */
  private static void formMutations(List<Mutation> out) {
    form(out, "form: no parts", CORE, formParts());
    form(out, "form: the file under another name", CORE, formParts(filePart("csv", utf8(FORM_CSV))));
    form(out, "form: the file part twice", CORE, formParts(filePart("file", utf8(FORM_CSV)), filePart("file", utf8(FORM_CSV))));
    form(out, "form: an unknown text field besides the file", CORE, formParts(filePart("file", utf8(FORM_CSV)),
      utf8("Content-Disposition: form-data; name=\"role\"\r\n\r\nadmin")));
    form(out, "form: the file as a text field", CORE, formParts(utf8("Content-Disposition: form-data; name=\"file\"\r\n\r\n" + FORM_CSV)));
    form(out, "form: an empty file", CORE, form(new byte[0]));
    form(out, "form: a file that is not UTF-8", CORE, form(csvWith(new byte[]{(byte) 0xC3, 0x28})));
    form(out, "form: a surrogate encoded in the file (CESU-8)", CORE, form(csvWith(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    form(out, "form: NUL in the file", CORE, form(csvWith(new byte[]{0})));
    form(out, "form: a PNG instead of a CSV", CORE, form(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
    form(out, "form: JSON instead of a CSV", CORE, form(utf8("{\"name\":\"Fuzz\",\"nim\":\"x\",\"email\":\"x@example.com\"}")));
    form(out, "form: another CSV header", CORE, form(utf8("nama,nim,surel\nFuzz,24/000997/PA/00997,fuzz.header@example.com\n")));
    form(out, "form: the header only", CORE, form(utf8("name,nim,email\n")));
    form(out, "form: a quote never closed", CORE, form(utf8("name,nim,email\n\"Fuzz,24/000996/PA/00996,fuzz.quote@example.com\n")));
    form(out, "form: 5001 rows", CORE, form(utf8("name,nim,email\n" + "Fuzz,24/000995/PA/00995,fuzz.many@example.com\n".repeat(5001))));
    form(out, "form: a file over 1 MiB", CORE, form(utf8("name,nim,email\n" + "a".repeat(1_100_000))));
    form(out, "form: a 100k-character name, NIM and email", CORE,
      form(utf8("name,nim,email\n" + HUNDRED_K + "," + HUNDRED_K + "," + HUNDRED_K + "@example.com\n")));
    form(out, "form: rows of odd values", CORE, form(utf8("name;nim;email\n"
      + "\uD83C\uDFB9 \u202EFuzz;24/000994/PA/00994;fuzz.emoji@example.com\n"
      + "   ;   ;   \n"
      + "Fuzz;24/000993/PA/00993;fuzz\u00e9@ex\u00e4mple.com\n"
      + "Fuzz;-1;1\n"
      + "Fuzz;24/000992/PA/00992;fuzz.many@example.com;extra\n")));
    out.add(new Mutation("form: never closed", "multipart form", CORE, d -> d.rawBody = java.util.Arrays.copyOf(
      form(utf8(FORM_CSV)), form(utf8(FORM_CSV)).length - 10)));
    out.add(new Mutation("form: another boundary in the Content-Type", "multipart form", CORE,
      d -> d.contentType = "multipart/form-data; boundary=another"));
    out.add(new Mutation("form: no boundary in the Content-Type", "multipart form", CORE, d -> d.contentType = "multipart/form-data"));
    out.add(new Mutation("form: multipart/mixed", "multipart form", CORE, d -> d.contentType = "multipart/mixed; boundary=" + FORM_BOUNDARY));
    form(out, "form: a part without Content-Disposition", EXTRA, formParts(utf8("Content-Type: text/csv\r\n\r\n" + FORM_CSV)));
    form(out, "form: a base64 transfer encoding", EXTRA, formParts(utf8("Content-Disposition: form-data; name=\"file\"; "
      + "filename=\"a.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!")));
    form(out, "form: NUL in the file name", EXTRA, formParts(utf8("Content-Disposition: form-data; name=\"file\"; "
      + "filename=\"a\u0000.csv\"\r\n\r\n" + FORM_CSV)));
    form(out, "form: 1000 text fields", EXTRA, formParts(java.util.stream.IntStream.range(0, 1000)
      .mapToObj(i -> utf8("Content-Disposition: form-data; name=\"f" + i + "\"\r\n\r\nx")).toArray(byte[][]::new)));
    form(out, "form: a 20 KB text field", EXTRA, formParts(utf8("Content-Disposition: form-data; name=\"file\"\r\n\r\n"
      + "name,nim,email\n" + "a".repeat(20_000))));
    form(out, "form: CR-only line breaks in the CSV", EXTRA, form(utf8(FORM_CSV.replace('\n', '\r'))));
  }

  private static void form(List<Mutation> out, String name, boolean systematic, byte[] body) {
    out.add(new Mutation(name, "multipart form", systematic, d -> {
      d.rawBody = body;
      d.contentType = FORM_TYPE;
    }));
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 12) + "…(" + s.length() + " chars)" : s;
  }

  // --- Content-Type -------------------------------------------------------------------------------

  private static void contentTypes(boolean hasBody, List<Mutation> out) {
    String multipart = "--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nfuzz\r\n--X--\r\n";
    if (hasBody) {
      out.add(ct("content-type: none", null, null, CORE));
      for (String type : new String[]{"text/plain", "Application/JSON; charset=UTF-8", "application/json; charset=utf-16",
        "multipart/form-data; boundary=X", "multipart/form-data", "application/x-www-form-urlencoded", "",
        "application/json, text/plain", "application/merge-patch+json", "*/*"}) {
        out.add(ct("content-type: " + (type.isEmpty() ? "(empty)" : type), type, null, CORE));
      }
      for (String type : new String[]{"application/json;charset=\"utf-8\"", "application/octet-stream", "application/xml",
        "application/json; boundary=x"}) {
        out.add(ct("content-type: " + type, type, null, EXTRA));
      }
      out.add(ct("content-type: multipart/form-data; boundary=X with a multipart body", "multipart/form-data; boundary=X", multipart, CORE));
      out.add(ct("content-type: application/x-www-form-urlencoded with a form body", "application/x-www-form-urlencoded",
        "title=fuzz&level=beginner", CORE));
      out.add(ct("content-type: text/plain with a text body", "text/plain", "fuzz", EXTRA));
    } else {
      for (String type : new String[]{"application/json", "Application/JSON; charset=UTF-8", "text/plain",
        "multipart/form-data; boundary=X", "application/x-www-form-urlencoded", ""}) {
        out.add(new Mutation("content-type: " + (type.isEmpty() ? "(empty)" : type) + " without a body", "Content-Type", CORE,
          d -> d.contentType = type));
      }
      out.add(new Mutation("content-type: */* without a body", "Content-Type", EXTRA, d -> d.contentType = "*/*"));
      out.add(ct("content-type: multipart/form-data; boundary=X with a multipart body", "multipart/form-data; boundary=X", multipart, CORE));
      out.add(ct("content-type: application/x-www-form-urlencoded with a form body", "application/x-www-form-urlencoded", "a=1", CORE));
      out.add(ct("body {} on an operation without a body", "application/json", "{}", CORE));
      out.add(ct("body {\"a\":1} on an operation without a body", "application/json", "{\"a\":1}", CORE));
      out.add(ct("body [] on an operation without a body", "application/json", "[]", EXTRA));
      out.add(ct("malformed JSON body on an operation without a body", "application/json", "{\"a\":", CORE));
      out.add(ct("text body without content-type on an operation without a body", null, "fuzz", CORE));
      out.add(ct("content-type: application/json with Content-Length: 0", "application/json", "", EXTRA));
    }
  }

  private static Mutation ct(String name, String type, String rawBody, boolean systematic) {
    byte[] bytes = rawBody == null ? null : rawBody.getBytes(StandardCharsets.UTF_8);
    return new Mutation(name, "Content-Type", systematic, d -> {
      d.contentType = type;
      if (bytes != null) d.rawBody = bytes;
    });
  }

  // --- body structure ------------------------------------------------------------------------------

  private void bodyStructure(Operation op, JsonObject schema, Draft baseline, List<Mutation> out) {
    String base = baseline.body == Draft.NONE ? "{}" : Json.encode(baseline.body);
    String first = firstProperty(schema);
    raw(out, "malformed JSON {\"a\":", "{\"a\":", CORE);
    raw(out, "malformed JSON (the baseline cut in half)", base.substring(0, Math.max(1, base.length() / 2)), CORE);
    raw(out, "top-level array []", "[]", CORE);
    raw(out, "top-level array [baseline]", "[" + base + "]", CORE);
    raw(out, "top-level string", "\"fuzz\"", CORE);
    raw(out, "top-level number", "1", CORE);
    raw(out, "top-level null", "null", CORE);
    raw(out, "empty object {}", "{}", CORE);
    raw(out, "empty body (Content-Length: 0)", "", CORE);
    raw(out, "10000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), CORE);
    raw(out, "trailing garbage after the JSON", base + " x", CORE);
    raw(out, "body over 1 MiB", "{\"" + first + "\":\"" + "a".repeat(1_100_000) + "\"}", CORE);
    rawBytes(out, "invalid UTF-8 inside a string", CORE, ("{\"" + first + "\":\"").getBytes(StandardCharsets.UTF_8),
      new byte[]{(byte) 0xC3, 0x28}, "\"}".getBytes(StandardCharsets.UTF_8));
    rawBytes(out, "raw NUL byte inside a string", CORE, ("{\"" + first + "\":\"a").getBytes(StandardCharsets.UTF_8),
      new byte[]{0}, "b\"}".getBytes(StandardCharsets.UTF_8));
    raw(out, "malformed JSON {", "{", EXTRA);
    raw(out, "single-quoted JSON", "{'a':1}", EXTRA);
    raw(out, "JSON with a comment", "/*x*/" + base, EXTRA);
    raw(out, "NaN in JSON", "{\"a\":NaN}", EXTRA);
    raw(out, "top-level true", "true", EXTRA);
    raw(out, "whitespace body", "   ", EXTRA);
    raw(out, "2000 nested objects", "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), EXTRA);
    raw(out, "two JSON documents", base + base, EXTRA);
    raw(out, "UTF-8 BOM before the JSON", "\ufeff" + base, EXTRA);
    rawBytes(out, "raw control byte 0x01 inside a string", EXTRA, ("{\"" + first + "\":\"a").getBytes(StandardCharsets.UTF_8),
      new byte[]{1}, "b\"}".getBytes(StandardCharsets.UTF_8));
    out.add(new Mutation("unknown extra field", "body structure", CORE, d -> asObject(d, schema).put("fuzz_unknown", 1)));
    out.add(new Mutation("1000 unknown fields", "body structure", EXTRA, d -> {
      Map<String, Object> m = asObject(d, schema);
      for (int i = 0; i < 1000; i++) m.put("fuzz_" + i, i);
    }));
    out.add(new Mutation("__proto__ field", "body structure", EXTRA,
      d -> asObject(d, schema).put("__proto__", new LinkedHashMap<>(Map.of("admin", true)))));
    if (baseline.body instanceof Map<?, ?> m && !m.isEmpty()) {
      String k = m.keySet().iterator().next().toString();
      raw(out, "duplicate key " + k, base.substring(0, base.length() - 1) + ",\"" + k + "\":" + Json.encode(m.get(k)) + "}", EXTRA);
      for (Object key : m.keySet()) {
        out.add(new Mutation("missing " + key, "body structure", CORE, d -> asObject(d, schema).remove(key.toString())));
      }
    }
    if (op.getRequestBody() != null && !op.getRequestBody().isRequired()) {
      out.add(new Mutation("no body (the body is optional)", "body structure", CORE, d -> {
        d.body = Draft.NONE;
        d.rawBody = null;
      }));
    }
  }

  private static String firstProperty(JsonObject schema) {
    JsonObject props = SchemaValues.effective(schema).getJsonObject("properties", new JsonObject());
    return props.isEmpty() ? "a" : props.fieldNames().iterator().next();
  }

  private static void raw(List<Mutation> out, String name, String text, boolean systematic) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.add(new Mutation(name, "body structure", systematic, d -> d.rawBody = bytes));
  }

  private static void rawBytes(List<Mutation> out, String name, boolean systematic, byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) b.writeBytes(p);
    byte[] bytes = b.toByteArray();
    out.add(new Mutation(name, "body structure", systematic, d -> d.rawBody = bytes));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asObject(Draft d, JsonObject schema) {
    d.rawBody = null;
    if (!(d.body instanceof Map)) d.body = values.object(schema, SchemaValues.Where.BODY, 0);
    return (Map<String, Object>) d.body;
  }

  // --- body values ----------------------------------------------------------------------------------

  /** A property somewhere in the body: keys (String) and array indexes (Integer), with each level's schema. */
  record Prop(List<Object> path, List<JsonObject> schemas) {
    String label() {
      StringBuilder b = new StringBuilder("body");
      for (Object k : path) b.append(k instanceof Integer ? "[" + k + "]" : "." + k);
      return b.toString();
    }

    JsonObject schema() {
      return schemas.get(schemas.size() - 1);
    }
  }

  static List<Prop> props(JsonObject bodySchema) {
    List<Prop> out = new ArrayList<>();
    props(bodySchema, List.of(), List.of(), 0, out);
    return out;
  }

  private static void props(JsonObject schema, List<Object> path, List<JsonObject> chain, int depth, List<Prop> out) {
    JsonObject s = SchemaValues.effective(schema);
    String type = SchemaValues.type(s);
    if ("object".equals(type)) {
      JsonObject properties = s.getJsonObject("properties", new JsonObject());
      for (String p : properties.fieldNames()) {
        JsonObject ps = properties.getJsonObject(p);
        List<Object> np = new ArrayList<>(path);
        np.add(p);
        List<JsonObject> nc = new ArrayList<>(chain);
        nc.add(ps);
        out.add(new Prop(np, nc));
        if (depth < 2) props(ps, np, nc, depth + 1, out);
      }
    } else if ("array".equals(type) && s.getValue("items") instanceof JsonObject items && depth > 0 && depth < 3) {
      List<Object> np = new ArrayList<>(path);
      np.add(0);
      List<JsonObject> nc = new ArrayList<>(chain);
      nc.add(items);
      out.add(new Prop(np, nc));
      if (depth < 2) props(items, np, nc, depth + 1, out);
    }
  }

  private void bodyValues(Prop prop, JsonObject bodySchema, Draft baseline, Context ctx, List<Mutation> out) {
    Object current = get(baseline.body, prop.path());
    for (Value v : valuesFor(prop.schema(), current, ctx)) {
      Object value = v.value();
      out.add(new Mutation(prop.label() + " = " + v.label(), prop.label(), v.core(),
        d -> set(d, bodySchema, prop, Json.copy(value))));
    }
  }

  /** A labelled bad (or edge) value; {@code core}: part of the systematic pass. */
  record Value(String label, Object value, boolean core) {
  }

  /** Labelled bad and edge values for a property with this schema; {@code current} is its baseline value. */
  List<Value> valuesFor(JsonObject schema, Object current, Context ctx) {
    JsonObject s = SchemaValues.effective(schema);
    List<Value> v = new ArrayList<>();
    v.add(new Value("null", null, CORE));
    switch (SchemaValues.type(s)) {
      case "integer", "number" -> {
        v.add(new Value("wrong type: string \"1\"", "1", CORE));
        v.add(new Value("-1", -1L, CORE));
        v.add(new Value("1.5", new Json.Raw("1.5"), CORE));
        v.add(new Value("2147483648", 2147483648L, CORE));
        v.add(new Value("9223372036854775808", new Json.Raw("9223372036854775808"), CORE));
        v.add(new Value("1e400", new Json.Raw("1e400"), CORE));
        if (s.getValue("maximum") instanceof Number max) v.add(new Value("maximum+1", max.longValue() + 1, CORE));
        v.add(new Value("wrong type: boolean", true, EXTRA));
        v.add(new Value("wrong type: object", new LinkedHashMap<>(), EXTRA));
        v.add(new Value("0", 0L, EXTRA));
        v.add(new Value("1.0", new Json.Raw("1.0"), EXTRA));
        v.add(new Value("1e2", new Json.Raw("1e2"), EXTRA));
        v.add(new Value("-2147483649", -2147483649L, EXTRA));
        v.add(new Value("1e30", new Json.Raw("1e30"), EXTRA));
        v.add(new Value("-1e400", new Json.Raw("-1e400"), EXTRA));
        v.add(new Value("-0", new Json.Raw("-0"), EXTRA));
        if (s.getValue("minimum") instanceof Number min) v.add(new Value("minimum-1", min.longValue() - 1, EXTRA));
      }
      case "boolean" -> {
        v.add(new Value("wrong type: string \"true\"", "true", CORE));
        v.add(new Value("wrong type: number 1", 1L, CORE));
        v.add(new Value("wrong type: number 0", 0L, EXTRA));
        v.add(new Value("wrong type: string \"yes\"", "yes", EXTRA));
      }
      case "array" -> {
        Object item = values.valid("item", s.getJsonObject("items", new JsonObject()), SchemaValues.Where.BODY);
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add(Json.copy(item));
        v.add(new Value("wrong type: string", "fuzz", CORE));
        v.add(new Value("empty array", new ArrayList<>(), CORE));
        v.add(new Value("[null]", new ArrayList<>(Collections.singletonList(null)), CORE));
        v.add(new Value("[123]", new ArrayList<>(List.of(123L)), CORE));
        v.add(new Value("1000 items", many, CORE));
        v.add(new Value("wrong type: object", new LinkedHashMap<>(), EXTRA));
        v.add(new Value("[\"\"]", new ArrayList<>(List.of("")), EXTRA));
        v.add(new Value("[\"   \"]", new ArrayList<>(List.of("   ")), EXTRA));
        v.add(new Value("[[item]]", new ArrayList<>(List.of(new ArrayList<>(List.of(item)))), EXTRA));
        v.add(new Value("duplicate items", new ArrayList<>(List.of(item, Json.copy(item))), EXTRA));
        v.add(new Value("[\"\\u0000\"]", new ArrayList<>(List.of("\u0000")), EXTRA));
      }
      case "object" -> {
        v.add(new Value("wrong type: array", new ArrayList<>(), CORE));
        v.add(new Value("wrong type: string", "fuzz", CORE));
        v.add(new Value("empty object", new LinkedHashMap<>(), CORE));
        v.add(new Value("wrong type: number", 1L, EXTRA));
        v.add(new Value("object with an unknown field", new LinkedHashMap<>(Map.of("fuzz_unknown", 1)), EXTRA));
      }
      default -> strings(s, current, ctx, v);
    }
    return v;
  }

  private void strings(JsonObject s, Object current, Context ctx, List<Value> v) {
    v.add(new Value("wrong type: number", 123L, CORE));
    v.add(new Value("wrong type: object", new LinkedHashMap<>(), CORE));
    v.add(new Value("empty string", "", CORE));
    v.add(new Value("whitespace only \"   \"", "   ", CORE));
    v.add(new Value("NUL \"a\\u0000b\"", "a\u0000b", CORE));
    v.add(new Value("emoji", "\uD83D\uDE00\uD83C\uDFB9 fuzz", CORE));
    v.add(new Value("lone surrogate \\ud800", "\ud800", CORE));
    v.add(new Value("100k characters", HUNDRED_K, CORE));
    v.add(new Value("40 dashes", DASHES, CORE));
    v.add(new Value("wrong type: boolean", true, EXTRA));
    v.add(new Value("wrong type: array", new ArrayList<>(), EXTRA));
    v.add(new Value("tab and newline only", "\t\n", EXTRA));
    v.add(new Value("lone low surrogate inside text", "fuzz\udc00fuzz", EXTRA));
    v.add(new Value("SQL quote", "' OR '1'='1", EXTRA));
    v.add(new Value("LIKE wildcards %_", "%_%", EXTRA));
    v.add(new Value("backslash", "\\", EXTRA));
    v.add(new Value("zero-width space", "\u200b", EXTRA));
    v.add(new Value("right-to-left override", "\u202efuzz", EXTRA));
    v.add(new Value("control characters", "\u0001\u001f\u007f", EXTRA));
    v.add(new Value("full-text operators", "!()&|:*<->", EXTRA));
    Integer max = s.getInteger("maxLength");
    if (max != null && max < 20_000) {
      v.add(new Value("maxLength+1 characters", "x".repeat(max + 1), CORE));
      v.add(new Value("maxLength emoji (surrogate pairs)", "\uD83D\uDE00".repeat(max), EXTRA));
    }
    switch (s.getString("format", "")) {
      case "date-time" -> {
        for (String d : new String[]{"2027-03-10T08:30:00+07:00", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
          "2027-03-10T03:00:00.000001Z"}) {
          v.add(new Value("date-time " + d, d, CORE));
        }
        for (String d : new String[]{"2027-03-10T03:00:00.123456789Z", "2027-02-30T10:00:00Z", "2027-03-10T24:00:00Z",
          "2027-03-10", "2027-03-10T03:00:00", "2027-03-10 03:00:00Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
          "-0001-01-01T00:00:00Z"}) {
          v.add(new Value("date-time " + d, d, EXTRA));
        }
      }
      case "date" -> {
        for (String d : new String[]{"9999-12-31", "+10000-01-01", "2027-02-30"}) v.add(new Value("date " + d, d, CORE));
        for (String d : new String[]{"2027-3-1", "0001-01-01", "0000-01-01", "-0001-01-01", "1969-12-31", "2027-03-10T00:00:00Z"}) {
          v.add(new Value("date " + d, d, EXTRA));
        }
      }
      case "uuid" -> {
        v.add(new Value("random UUID (no such record)", values.uuid().toString(), CORE));
        v.add(new Value("not a UUID", "not-a-uuid", CORE));
        if (current instanceof String c) v.add(new Value("upper-case UUID", c.toUpperCase(Locale.ROOT), CORE));
        if (!ctx.foreignIds().isEmpty()) v.add(new Value("id of another kind", ctx.foreignIds().get(0), CORE));
        v.add(new Value("nil UUID", "00000000-0000-0000-0000-000000000000", EXTRA));
        v.add(new Value("max UUID", "ffffffff-ffff-ffff-ffff-ffffffffffff", EXTRA));
        v.add(new Value("UUID without dashes", values.uuid().toString().replace("-", ""), EXTRA));
        if (current instanceof String c) {
          v.add(new Value("UUID in braces", "{" + c + "}", EXTRA));
          v.add(new Value("UUID + NUL", c + "\u0000", EXTRA));
          v.add(new Value("UUID + space", c + " ", EXTRA));
        }
      }
      case "email" -> {
        String[] core = {"a@b", "FUZZ@FUZZ.TEST", "x".repeat(300) + "@fuzz.test", "\u00fc@fuzz.test"};
        String[] extra = {"a@b.co\u0000", " fuzz@fuzz.test ", "fuzz@fuzz.test\n", "\"a b\"@fuzz.test", "a@[127.0.0.1]", "@", "a@@b.co"};
        for (String e : core) v.add(new Value("email " + Json.encode(e).replace("x".repeat(300), "x{300}"), e, CORE));
        for (String e : extra) v.add(new Value("email " + Json.encode(e), e, EXTRA));
      }
      default -> {
      }
    }
    if (s.getValue("enum") instanceof JsonArray e && !e.isEmpty()) {
      v.add(new Value("unknown enum value", "fuzz_unknown", CORE));
      v.add(new Value("enum upper-case", String.valueOf(e.getValue(0)).toUpperCase(Locale.ROOT), CORE));
      v.add(new Value("enum with a space", " " + e.getValue(0), EXTRA));
      for (int i = 1; i < e.size(); i++) v.add(new Value("enum " + e.getValue(i), e.getValue(i), EXTRA));
    }
    if (s.containsKey("pattern")) {
      v.add(new Value("phone-like with spaces", "+62 812 3456 7890", EXTRA));
      v.add(new Value("too many digits", "+62812345678901234567890", EXTRA));
      v.add(new Value("25:61", "25:61", EXTRA));
    }
  }

  @SuppressWarnings("unchecked")
  private static Object get(Object root, List<Object> path) {
    Object cur = root;
    for (Object k : path) {
      if (k instanceof String key && cur instanceof Map<?, ?> m) cur = ((Map<String, Object>) m).get(key);
      else if (k instanceof Integer i && cur instanceof List<?> l && l.size() > i) cur = l.get(i);
      else return null;
    }
    return cur;
  }

  /** Sets the value at the property's path, creating valid parents where the request has none. */
  @SuppressWarnings("unchecked")
  private void set(Draft d, JsonObject bodySchema, Prop prop, Object value) {
    d.rawBody = null;
    if (!(d.body instanceof Map)) d.body = values.object(bodySchema, SchemaValues.Where.BODY, 0);
    Object cur = d.body;
    List<Object> path = prop.path();
    for (int i = 0; i < path.size(); i++) {
      Object key = path.get(i);
      boolean last = i == path.size() - 1;
      Object next = last ? value : get(cur, List.of(key));
      if (!last) {
        boolean wantList = path.get(i + 1) instanceof Integer;
        if (wantList ? !(next instanceof List) : !(next instanceof Map)) {
          next = values.valid(key instanceof String s ? s : "item", prop.schemas().get(i), SchemaValues.Where.BODY);
          if (wantList ? !(next instanceof List) : !(next instanceof Map)) next = wantList ? new ArrayList<>() : new LinkedHashMap<>();
        }
      }
      if (key instanceof String k) {
        ((Map<String, Object>) cur).put(k, next);
      } else {
        List<Object> list = (List<Object>) cur;
        if (list.isEmpty()) list.add(next);
        else list.set(0, next);
      }
      cur = next;
    }
  }

  // --- query ----------------------------------------------------------------------------------------

  /** Raw (already encoded) values for any query parameter: bad percent-escapes, emptiness. */
  private static final String[] QUERY_ANY = {"", "%", "%ZZ", "50%", "%C3%28", "%00"};
  private static final String[] QUERY_ANY_EXTRA = {"%ED%A0%80", "%E0%A4%A", "a%00b", "%20%20%20", "null", "%7B%7D", "x".repeat(2000)};
  private static final String[] QUERY_NUMBER = {"-1", "1.5", "1e2", "%2B1", "%201", "2147483647", "4294967297"};
  private static final String[] QUERY_NUMBER_EXTRA = {"0", "2147483648", "99999999999999999999", "true", "1%2C2", "0x10"};
  private static final String[] QUERY_TEXT = {"%F0%9F%98%80", DASHES, "%27%20OR%20%271%27%3D%271", "!()%26%7C%3A*%3C-%3E", "%25_%25"};
  private static final String[] QUERY_TEXT_EXTRA = {"%E2%80%8B", "%5C", "%22", "%25", "-", "--", "a-b-c", "%3A*", "%26", "%7C"};
  private static final String[] QUERY_DATES = {"2027-03-10T08:30:00%2B07:00", "9999-12-31", "%2B10000-01-01T00:00:00Z",
    "2027-03-10T03:00:00.000001Z", "2027-02-30"};
  private static final String[] QUERY_DATES_EXTRA = {"2027-03-10T08:30:00+07:00", "9999-12-31T23:59:59Z", "%2B10000-01-01",
    "0000-01-01", "-0001-01-01", "2027-03-10T03:00:00", "1969-12-31"};

  private void queryValues(String name, JsonObject schema, Draft baseline, List<Mutation> out) {
    JsonObject s = SchemaValues.effective(schema);
    String type = SchemaValues.type(s);
    String format = s.getString("format", "");
    String label = "query " + name + "=";
    queries(out, label, name, QUERY_ANY, CORE);
    queries(out, label, name, QUERY_ANY_EXTRA, EXTRA);
    out.add(new Mutation(label + " (no '=')", "query " + name, CORE, d -> d.setQuery(name, null)));
    out.add(new Mutation(label + " twice", "query " + name, CORE, d -> {
      String current = d.queryValue(name);
      String value = current != null ? current : Draft.encode(String.valueOf(values.valid(name, schema, SchemaValues.Where.QUERY)));
      d.setQuery(name, value);
      d.query.add(new String[]{name, value});
    }));
    if (type.equals("integer") || type.equals("number")) {
      queries(out, label, name, QUERY_NUMBER, CORE);
      queries(out, label, name, QUERY_NUMBER_EXTRA, EXTRA);
    } else if (format.startsWith("date") || name.contains("date") || name.equals("from") || name.equals("to")) {
      queries(out, label, name, QUERY_DATES, CORE);
      queries(out, label, name, QUERY_DATES_EXTRA, EXTRA);
    } else if (format.equals("uuid")) {
      out.add(query(label + "random UUID", name, values.uuid().toString(), CORE));
      out.add(query(label + "not-a-uuid", name, "not-a-uuid", CORE));
      String current = baseline.queryValue(name);
      if (current != null) out.add(query(label + "upper-case UUID", name, current.toUpperCase(Locale.ROOT), EXTRA));
    } else if (s.getValue("enum") instanceof JsonArray e) {
      for (Object v : e) out.add(query(label + v, name, Draft.encode(String.valueOf(v)), CORE));
      if (!e.isEmpty()) out.add(query(label + "upper-case enum", name, Draft.encode(String.valueOf(e.getValue(0)).toUpperCase(Locale.ROOT)), CORE));
    } else if (type.equals("boolean")) {
      for (String v : new String[]{"1", "yes", "TRUE", "false"}) out.add(query(label + v, name, v, CORE));
    } else {
      queries(out, label, name, QUERY_TEXT, CORE);
      queries(out, label, name, QUERY_TEXT_EXTRA, EXTRA);
    }
    if (name.equals("page")) {
      out.add(new Mutation("query page=21474838&limit=100", "query page", CORE, d -> {
        d.setQuery("page", "21474838");
        d.setQuery("limit", "100");
      }));
      out.add(new Mutation("query page=2147483647&limit=100", "query page", CORE, d -> {
        d.setQuery("page", "2147483647");
        d.setQuery("limit", "100");
      }));
    }
  }

  private static void queries(List<Mutation> out, String label, String name, String[] rawValues, boolean systematic) {
    for (String value : rawValues) out.add(query(label + shorten(value), name, value, systematic));
  }

  private static Mutation query(String label, String name, String rawValue, boolean systematic) {
    return new Mutation(label, "query " + name, systematic, d -> d.setQuery(name, rawValue));
  }

  private static void queryString(Operation op, List<Mutation> out) {
    out.add(new Mutation("query unknown parameter fuzz=1", "query string", CORE, d -> d.query.add(new String[]{"fuzz", "1"})));
    out.add(new Mutation("query name % (bad escape)", "query string", CORE, d -> d.query.add(new String[]{"%", "1"})));
    out.add(new Mutation("query name %ZZ (bad escape)", "query string", EXTRA, d -> d.query.add(new String[]{"%ZZ", "1"})));
    out.add(new Mutation("query empty name =1", "query string", EXTRA, d -> d.query.add(new String[]{"", "1"})));
    out.add(new Mutation("query &&", "query string", EXTRA, d -> {
      d.query.add(new String[]{"", null});
      d.query.add(new String[]{"", null});
    }));
    out.add(new Mutation("query 200 parameters", "query string", EXTRA, d -> {
      for (int i = 0; i < 200; i++) d.query.add(new String[]{"f" + i, "1"});
    }));
    out.add(new Mutation("uri ~10 KB (long query value)", "URI length", CORE, d -> d.query.add(new String[]{"fuzz", "a".repeat(10_240)})));
    for (Parameter p : op.getParameters()) {
      if (p.getIn() == Location.QUERY) {
        out.add(new Mutation("query " + p.getName() + " ~10 KB value", "URI length", EXTRA, d -> d.setQuery(p.getName(), "1".repeat(10_240))));
        break;
      }
    }
  }

  // --- path -----------------------------------------------------------------------------------------

  private void pathValues(String name, Draft baseline, Context ctx, List<Mutation> out) {
    String current = baseline.path.get(name);
    String label = "path {" + name + "}=";
    for (String value : new String[]{"%", "%ZZ", "50%", "%C3%28", "%00", "not-a-uuid", "00000000-0000-0000-0000-000000000000"}) {
      out.add(path(label + value, name, value, false, CORE));
    }
    for (String value : new String[]{"%20", "%F0%9F%98%80", "%ED%A0%80", "-1", "2147483648", "1.5", "null", "%7Bid%7D", "a".repeat(300)}) {
      out.add(path(label + shorten(value), name, value, false, EXTRA));
    }
    out.add(path(label + "random UUID", name, values.uuid().toString(), false, CORE));
    if (current != null) {
      out.add(path(label + "upper-case UUID", name, current.toUpperCase(Locale.ROOT), false, CORE));
      out.add(path(label + "UUID + %00", name, current + "%00", false, EXTRA));
      out.add(path(label + "UUID + %20", name, current + "%20", false, EXTRA));
      out.add(path(label + "UUID without dashes", name, current.replace("-", ""), false, EXTRA));
    }
    if (!ctx.destructive()) {
      for (String foreign : ctx.foreignIds()) out.add(path(label + "id of another kind", name, foreign, false, CORE));
    }
    out.add(path(label + "%2F (encoded slash)", name, "a%2Fb", true, CORE));
    out.add(path(label + "(empty)", name, "", true, EXTRA));
    out.add(path(label + "..", name, "..", true, EXTRA));
    out.add(path(label + "~10 KB", name, "a".repeat(10_240), false, EXTRA));
  }

  private static Mutation path(String label, String name, String raw, boolean reroutes, boolean systematic) {
    return new Mutation(label, "path {" + name + "}", systematic, d -> {
      d.path.put(name, raw);
      d.reroutes |= reroutes;
    });
  }

  // --- headers ----------------------------------------------------------------------------------------

  private static void headers(List<Mutation> out) {
    header(out, "header X-Fuzz: ~10 KB value", "X-Fuzz", "a".repeat(10_240), CORE);
    header(out, "header X-Fuzz: value with a NUL byte", "X-Fuzz", "a\u0000b", CORE);
    header(out, "header X-Fuzz: value with control byte 0x01", "X-Fuzz", "a\u0001b", CORE);
    header(out, "header X-Fuzz: non-ASCII UTF-8 bytes", "X-Fuzz", "\u00e9\uD83D\uDE00", CORE);
    header(out, "header name with a space", "X Fuzz", "1", CORE);
    header(out, "header Origin: null", "Origin", "null", CORE);
    header(out, "header X-Fuzz: value with DEL 0x7f", "X-Fuzz", "a\u007fb", EXTRA);
    header(out, "header X-Fuzz: value with a bare CR", "X-Fuzz", "a\rb", EXTRA);
    header(out, "header X-Fuzz: byte 0xFF", "X-Fuzz", "\u00ff", EXTRA);
    header(out, "header X-Fuzz: obsolete line folding", "X-Fuzz", "a\r\n b", EXTRA);
    header(out, "header name with a NUL byte", "X-Fu\u0000zz", "1", EXTRA);
    header(out, "header X-Request-Id: 200 characters", "X-Request-Id", "r".repeat(200), EXTRA);
    header(out, "header X-Request-Id: control byte", "X-Request-Id", "r\u0001r", EXTRA);
    header(out, "header X-Forwarded-For: garbage", "X-Forwarded-For", "not-an-ip, %00, 999.999.999.999", EXTRA);
    header(out, "header Origin: a foreign site", "Origin", "https://fuzz.example", EXTRA);
    header(out, "header Accept-Language: garbage", "Accept-Language", ";;;q=x", EXTRA);
    header(out, "header Accept: garbage", "Accept", "*/*;q=;;", EXTRA);
    out.add(new Mutation("200 extra headers", "headers", EXTRA, d -> {
      for (int i = 0; i < 200; i++) d.headers.add(new String[]{"X-Fuzz-" + i, "v"});
    }));
  }

  private static void header(List<Mutation> out, String label, String name, String value, boolean systematic) {
    out.add(new Mutation(label, "headers", systematic, d -> d.headers.add(new String[]{name, value})));
  }

  private static void headerParam(String name, List<Mutation> out) {
    String[] core = {"", "%ZZ", "x".repeat(5000), "a\u0000b", "text/csv", "text/csv;q=0", "fuzz key!"};
    String[] extra = {"   ", "\u00e9", "*/*", "text/csv, application/json;q=0.1", "text/*", "application/json;q=0", "invalid/;;;",
      "k".repeat(101), "short"};
    for (String value : core) {
      out.add(new Mutation("header " + name + ": " + shorten(Json.encode(value)), "header " + name, CORE, d -> d.setHeader(name, value)));
    }
    for (String value : extra) {
      out.add(new Mutation("header " + name + ": " + shorten(Json.encode(value)), "header " + name, EXTRA, d -> d.setHeader(name, value)));
    }
  }
}
