package verticles;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
  @Test
  void flagsOverrideTheConfiguration(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("academy.yaml");
    Files.writeString(conf, "timezone: Asia/Makassar\nhttp:\n  port: 4100\n");
    JsonObject config = Main.configFrom(new String[]{"--conf", conf.toString(), "--port", "4200", "--cluster",
      "--roles", "http,auth"});
    assertEquals("Asia/Makassar", config.getString("timezone"), "the file is read");
    assertEquals(4200, config.getJsonObject("http").getInteger("port"), "--port wins over the file");
    assertTrue(config.getJsonObject("cluster").getBoolean("enabled"));
    assertEquals("http,auth", config.getString("roles"));
    assertEquals("academy", config.getJsonObject("database").getString("name"), "unset keys keep their defaults");
  }

  @Test
  void badFlagsAreExplained() {
    assertThrows(IllegalArgumentException.class, () -> Main.configFrom(new String[]{"--port", "0"}));
    assertThrows(IllegalArgumentException.class, () -> Main.configFrom(new String[]{"--port"}));
    assertThrows(IllegalArgumentException.class, () -> Main.configFrom(new String[]{"--bogus"}));
    assertThrows(IllegalArgumentException.class, () -> Main.configFrom(new String[]{"--conf", "/no/such/file.yaml"}));
    var e = assertThrows(IllegalArgumentException.class,
      () -> Academy.roles(Main.configFrom(new String[]{"--roles", "http,payroll"})));
    assertTrue(e.getMessage().contains("payroll"));
  }
}
