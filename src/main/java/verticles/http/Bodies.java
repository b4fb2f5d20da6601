package verticles.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The root body handler (step 1 of the request path). A {@code multipart/form-data} request to an operation whose
 * contract declares that media type (the CSV import) is read here, in memory: every part — file or field — becomes
 * name → bytes under {@link #FORM} for {@link RequestParser}, within {@code http.body_limit} over the whole request
 * (413 past it, by Content-Length before reading). Nothing is written to disk and nothing blocks: vert.x's
 * {@code BodyHandler} with uploads would create its upload directory with blocking calls on the event loop and stream
 * each file into it. Every other request goes to vert.x's {@code BodyHandler} without uploads, as before: a form or
 * multipart body to any other operation is refused by the parser (415).
 */
final class Bodies implements BodyHandler {
  /** Where the parts of a multipart form are left for the parser: name → list of contents, in arrival order. */
  static final String FORM = "multipartForm";
  /** Where a multipart body that could not be read leaves its 400 for the parser. */
  static final String PROBLEM = "multipartProblem";
  private static final Pattern BOUNDARY = Pattern.compile(";\\s*boundary\\s*=\\s*\"?[^\\s\";]", Pattern.CASE_INSENSITIVE);

  private record Target(HttpMethod method, Pattern path) {
  }

  private final BodyHandler standard;
  private final long limit;
  private final List<Target> multipart = new ArrayList<>();

  Bodies(OpenAPIContract contract, long limit) {
    this.limit = limit;
    this.standard = BodyHandler.create(false).setBodyLimit(limit);
    for (Operation op : contract.operations()) {
      if (op.getRequestBody() != null && op.getRequestBody().getContent().containsKey(MediaType.MULTIPART_FORM_DATA)) {
        // the contract's path template as a pattern of the path the router matches: a parameter is one segment
        String path = Pattern.quote(op.getOpenAPIPath()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
        multipart.add(new Target(op.getHttpMethod(), Pattern.compile(path)));
      }
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"multipart/form-data".equals(RequestParser.mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE)))
      || multipart.stream().noneMatch(t -> t.method() == request.method() && t.path().matcher(ctx.normalizedPath()).matches())) {
      standard.handle(ctx);
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean body = request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
      || length != null && !length.isEmpty();
    if (!body || request.isEnded()) { // nothing to read: the parser says what is missing
      ctx.put(FORM, Map.of());
      ctx.next();
      return;
    }
    try {
      if (length != null && Long.parseLong(length.trim()) > limit) {
        ctx.fail(413);
        return;
      }
    } catch (NumberFormatException e) {
      // the HTTP codec accepted it; the bytes read are counted below
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        ctx.fail(417);
        return;
      }
      if (request.version() != HttpVersion.HTTP_1_0) ctx.response().writeContinue();
    }
    new Form(ctx).read();
  }

  /**
   * One multipart request being read. A body the multipart decoder cannot read (no boundary, a broken part, too many
   * fields) is read to its end all the same and left as a 400 {@link #PROBLEM} for the parser, which speaks after
   * authentication: a caller without a token learns nothing about the operation's input.
   */
  private final class Form {
    final RoutingContext ctx;
    final Map<String, List<Buffer>> parts = new LinkedHashMap<>();
    long received;
    int open;
    boolean failed;
    ApiError problem;

    Form(RoutingContext ctx) {
      this.ctx = ctx;
    }

    void read() {
      HttpServerRequest request = ctx.request();
      // without a boundary vert.x would decode the body as a url-encoded form: it is not what it says it is
      if (!BOUNDARY.matcher(request.getHeader(HttpHeaders.CONTENT_TYPE)).find()) {
        problem = unreadable("has no boundary parameter in its Content-Type");
      } else {
        try {
          request.setExpectMultipart(true);
        } catch (RuntimeException e) { // the decoder refuses the Content-Type's parameters
          problem = unreadable("has a Content-Type the multipart decoder cannot use");
        }
      }
      request.uploadHandler(upload -> {
        Buffer content = Buffer.buffer();
        parts.computeIfAbsent(upload.name(), n -> new ArrayList<>(1)).add(content);
        open++;
        // bounded: the part's bytes are part of the request's, counted against the limit below
        upload.handler(chunk -> {
          if (!failed) content.appendBuffer(chunk);
        });
        upload.exceptionHandler(this::exception);
        upload.endHandler(v -> open--);
      });
      // a multipart request hands its raw bytes here too: the limit applies to the whole request
      request.handler(chunk -> {
        received += chunk.length();
        if (received > limit && !failed) {
          failed = true;
          ctx.fail(413);
        }
      });
      request.exceptionHandler(this::exception);
      request.endHandler(v -> done());
      request.resume();
    }

    void exception(Throwable cause) {
      if (failed || problem != null) return;
      if (cause instanceof DecoderException || cause.getCause() instanceof DecoderException) {
        problem = unreadable("is not a readable multipart/form-data body");
        return;
      }
      failed = true; // the connection broke: nothing more to read
      ctx.fail(cause);
    }

    /**
     * At the request's end. Parts are delivered as the decoder meets them, before the request ends (nothing here pauses
     * them), so a part still open is one the body never finished.
     */
    void done() {
      if (failed) return;
      if (problem == null && open > 0) problem = unreadable("ends inside a part");
      if (problem != null) {
        ctx.put(PROBLEM, problem);
      } else {
        // text fields (parts without a file name) are decoded by vert.x into the form attributes
        ctx.request().formAttributes().forEach(field ->
          parts.computeIfAbsent(field.getKey(), n -> new ArrayList<>(1)).add(Buffer.buffer(field.getValue())));
        ctx.put(FORM, parts);
      }
      ctx.next();
    }
  }

  private static ApiError unreadable(String why) {
    return ErrorCode.VALIDATION_ERROR.forField("body", why);
  }

  // --- BodyHandler's settings: fixed by the constructor -------------------------------------------------

  @Override
  public BodyHandler setHandleFileUploads(boolean handleFileUploads) {
    throw new UnsupportedOperationException("uploads are read in memory");
  }

  @Override
  public BodyHandler setBodyLimit(long bodyLimit) {
    throw new UnsupportedOperationException("the limit is given to the constructor");
  }

  @Override
  public BodyHandler setUploadsDirectory(String uploadsDirectory) {
    throw new UnsupportedOperationException("uploads are read in memory");
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean mergeFormAttributes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean deleteUploadedFilesOnEnd) {
    throw new UnsupportedOperationException("uploads are read in memory");
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean isPreallocateBodyBuffer) {
    throw new UnsupportedOperationException();
  }
}
