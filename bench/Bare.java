import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ceiling: one bare vertx-web route answering Academy's own bytes for GET /api/courses (read from a file),
 * nothing else. Run with the Academy jar on the class path: java -cp academy.jar Bare.java PORT FILE
 */
public class Bare {
  public static void main(String[] args) throws Exception {
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/api/courses").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
    vertx.createHttpServer().requestHandler(router).listen(Integer.parseInt(args[0]), "127.0.0.1")
      .onSuccess(s -> System.out.println("bare listening on " + s.actualPort()));
  }
}
