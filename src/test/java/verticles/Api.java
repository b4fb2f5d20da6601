package verticles;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A black-box HTTP client for tests. {@link #call} names the operation by operationId, builds the
 * request from the contract, and checks every response against the contract: an undeclared status or
 * a body that does not match its schema fails the test.
 */
public final class Api {
  private static Api instance;

  private final Vertx vertx;
  private final WebClient client;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final int port;

  private Api(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      // a pooled connection is dropped well before the server's idle timeout (60 s) closes it: otherwise a request
      // after a long pause can meet a connection the server is closing ("Connection was closed")
      .setFollowRedirects(false).setKeepAliveTimeout(20), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.contract = TestApp.await(OpenAPIContract.from(vertx, "openapi.yaml"));
    this.validator = ResponseValidator.create(vertx, contract);
  }

  public static synchronized Api get() {
    if (instance == null) instance = new Api(TestApp.get().vertx(), TestApp.port());
    return instance;
  }

  /** A client for another node (e.g. one started by a test); responses are checked the same way. */
  public static Api at(Vertx vertx, int port) {
    return new Api(vertx, port);
  }

  public OpenAPIContract contract() {
    return contract;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Call call(String operationId) {
    Operation op = contract.operation(operationId);
    assertNotNull(op, "no operation " + operationId + " in the contract");
    return new Call(op);
  }

  /** A raw request outside the contract (infrastructure routes, malformed requests). */
  public Response raw(HttpMethod method, String path, MultiMap headers, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (headers != null) request.putHeaders(headers);
    HttpResponse<Buffer> response = TestApp.await(body == null ? request.send() : request.sendBuffer(body));
    return new Response(response);
  }

  public final class Call {
    private final Operation op;
    private final Map<String, String> pathParams = new HashMap<>();
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private final Map<String, String> query = new HashMap<>();
    private Object body;

    private Call(Operation op) {
      this.op = op;
    }

    public Call path(String name, String value) {
      pathParams.put(name, value);
      return this;
    }

    public Call query(String name, String value) {
      query.put(name, value);
      return this;
    }

    public Call token(String accessToken) {
      headers.set("Authorization", "Bearer " + accessToken);
      return this;
    }

    public Call header(String name, String value) {
      headers.set(name, value);
      return this;
    }

    public Call body(JsonObject json) {
      body = json;
      return this;
    }

    /** A body sent byte for byte with its Content-Type (a multipart form). */
    public Call body(String contentType, Buffer raw) {
      headers.set("Content-Type", contentType);
      body = raw;
      return this;
    }

    public Response send() {
      Response result = new Response(TestApp.await(sendAsync()));
      checkAgainstContract(op, result);
      return result;
    }

    /** Sends without waiting, for concurrency tests; check each result with {@link #checked}. */
    public Future<HttpResponse<Buffer>> sendAsync() {
      String path = op.getOpenAPIPath();
      for (Map.Entry<String, String> p : pathParams.entrySet()) path = path.replace("{" + p.getKey() + "}", p.getValue());
      HttpRequest<Buffer> request = client.request(op.getHttpMethod(), path).putHeaders(headers);
      query.forEach(request::addQueryParam);
      if (body instanceof Buffer raw) return request.sendBuffer(raw);
      return body == null ? request.send() : request.sendJsonObject((JsonObject) body);
    }

    public Response checked(HttpResponse<Buffer> response) {
      Response result = new Response(response);
      checkAgainstContract(op, result);
      return result;
    }
  }

  private void checkAgainstContract(Operation op, Response response) {
    // 429 (rate limits) and 500/503/504 (bus failures) can come from any operation: covered by `default`
    boolean infrastructure = response.status() == 429 || response.status() == 500 || response.status() == 503
      || response.status() == 504;
    if (op.getResponse(response.status()) == null && !(infrastructure && op.getDefaultResponse() != null)) {
      fail(op.getOperationId() + " answered " + response.status() + ", which the contract does not declare: "
        + response.text());
    }
    try {
      TestApp.await(validator.validate(ValidatableResponse.create(response.status(), response.raw.body(),
        response.raw.getHeader("Content-Type")), op.getOperationId()));
    } catch (IllegalStateException e) {
      fail(op.getOperationId() + " " + response.status() + " does not match the contract: "
        + (e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause().getMessage() : e.getMessage())
        + "\n" + response.text());
    }
  }

  /** A response with shortcuts to the seed envelope. */
  public static final class Response {
    private final HttpResponse<Buffer> raw;

    Response(HttpResponse<Buffer> raw) {
      this.raw = raw;
    }

    public int status() {
      return raw.statusCode();
    }

    public String header(String name) {
      return raw.getHeader(name);
    }

    /** Every value of a header, in order (a header written twice shows twice). */
    public java.util.List<String> headers(String name) {
      return raw.headers().getAll(name);
    }

    public String text() {
      return raw.bodyAsString();
    }

    /** The body's bytes (a document that is not text: a PDF). */
    public Buffer body() {
      return raw.body() == null ? Buffer.buffer() : raw.body();
    }

    public JsonObject json() {
      return raw.bodyAsJsonObject();
    }

    public JsonObject data() {
      return json().getJsonObject("data");
    }

    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status() + " " + text();
    }
  }
}
