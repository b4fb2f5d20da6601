package verticles.bus;

import io.vertx.core.json.JsonObject;

/**
 * The request message the router sends for every operation (DESIGN.md §4):
 * {@code {"op","path":{…},"query":{…},"headers":{…},"body":…,"user":{"id","role","email",…}|null,"ip","requestId",
 * "language":"id"|"en"}};
 * {@code headers} holds only the header parameters the operation declares.
 */
public record BusRequest(JsonObject json) {

  public static final String OP = "op", PATH = "path", QUERY = "query", HEADERS = "headers", BODY = "body",
    USER = "user", IP = "ip", REQUEST_ID = "requestId", LANGUAGE = "language";

  public String op() {
    return json.getString(OP);
  }

  public String pathParam(String name) {
    JsonObject path = json.getJsonObject(PATH);
    Object value = path == null ? null : path.getValue(name);
    return value == null ? null : value.toString();
  }

  public JsonObject query() {
    JsonObject query = json.getJsonObject(QUERY);
    return query == null ? new JsonObject() : query;
  }

  /** A header the contract declares for the operation (case-insensitive), or null. */
  public String header(String name) {
    JsonObject headers = json.getJsonObject(HEADERS);
    if (headers == null) return null;
    for (String key : headers.fieldNames()) {
      if (key.equalsIgnoreCase(name)) return String.valueOf(headers.getValue(key));
    }
    return null;
  }

  public JsonObject body() {
    Object body = json.getValue(BODY);
    return body instanceof JsonObject object ? object : new JsonObject();
  }

  /** The authenticated caller, or null for public operations. */
  public Caller user() {
    JsonObject user = json.getJsonObject(USER);
    return user == null ? null : new Caller(user);
  }

  public String ip() {
    return json.getString(IP);
  }

  public String requestId() {
    return json.getString(REQUEST_ID);
  }

  /**
   * The language of the texts for the caller (issue 20): {@code id} or {@code en}, as the router decided it for the
   * request ({@code ?lang=en|id}, else {@code Accept-Language}); without the router's decision (a request made on the
   * bus) the declared {@code Accept-Language} header's ({@link Languages#of}), Indonesian by default.
   */
  public String language() {
    String language = json.getString(LANGUAGE);
    if (Languages.ENGLISH.equals(language) || Languages.INDONESIAN.equals(language)) return language;
    return Languages.of(header("Accept-Language"));
  }

  /** Who is calling, as established by the router from a verified access token. */
  public record Caller(JsonObject json) {
    public String id() {
      return json.getString("id");
    }

    public String role() {
      return json.getString("role");
    }

    public String email() {
      return json.getString("email");
    }

    /** The access token's id and login session (refresh family), used by logout. */
    public String tokenId() {
      return json.getString("jti");
    }

    public String sessionId() {
      return json.getString("sid");
    }

    public long tokenExpiresAt() {
      return json.getLong("exp", 0L);
    }

    public boolean is(String role) {
      return role.equals(role());
    }
  }
}
