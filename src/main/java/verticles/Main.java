package verticles;

import io.vertx.core.json.JsonObject;
import verticles.infra.Config;

import java.nio.file.Path;
import java.util.List;

/**
 * Start-up: {@code java -jar academy.jar [--conf FILE] [--port N] [--cluster] [--roles http,auth,…]}.
 * Ctrl-C / SIGTERM stops the node gracefully.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    try {
      JsonObject config = configFrom(args);
      if (config == null) return;
      // before the first logger exists: choose the log format
      if ("json".equals(config.getString("log_format"))) System.setProperty("logback.configurationFile", "logback-json.xml");
      Academy academy = Academy.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(academy::stop, "academy-shutdown"));
      List<String> roles = Academy.roles(config);
      JsonObject http = config.getJsonObject("http");
      if (roles.contains("http")) {
        System.out.println("Academy is running on http://localhost:" + http.getInteger("port")
          + (Config.apiDocs(config) ? "  (API docs: /docs, health: /health)" : "  (health: /health)"));
      } else {
        System.out.println("Academy node running roles " + roles);
      }
    } catch (Exception e) {
      System.err.println("Academy could not start: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("Start-up failure", e);
      System.exit(1);
    }
  }

  /** Parses the command line into the effective configuration; null after printing help. */
  static JsonObject configFrom(String[] args) {
    Path conf = null;
    Integer port = null;
    Boolean cluster = null;
    String roles = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conf" -> conf = Path.of(value(args, ++i, "--conf"));
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--cluster" -> cluster = true;
        case "--roles" -> roles = value(args, ++i, "--roles");
        case "--help", "-h" -> {
          System.out.println("Usage: java -jar academy.jar [--conf FILE] [--port N] [--cluster] [--roles "
            + String.join(",", Academy.ROLES.keySet()) + "]");
          return null;
        }
        default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (try --help)");
      }
    }
    JsonObject config = Config.load(conf, System.getenv());
    if (port != null) config.getJsonObject("http").put("port", port);
    if (cluster != null) config.getJsonObject("cluster").put("enabled", true);
    if (roles != null) config.put("roles", roles);
    return config;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
    return args[i];
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) throw new NumberFormatException();
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number between 1 and 65535");
    }
  }
}
