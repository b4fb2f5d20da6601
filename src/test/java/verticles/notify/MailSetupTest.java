package verticles.notify;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Academy;
import verticles.Mailbox;
import verticles.Mailbox.Mail;
import verticles.TestApp;
import verticles.TestNode;
import verticles.infra.Config;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mail settings (issue 15): the zero-setup start runs its own SMTP server and dev mailbox, production refuses
 * what would keep email from its recipients or send it in the clear, and every mode refuses settings that cannot work.
 */
class MailSetupTest {

  /**
   * A dev node with an empty mail.host starts GreenMail on its embedded ports (loopback), sends to it, and the
   * recipient reads the email over IMAP with the address as user name and password (from mail.from, with a
   * Message-ID on its domain); stopping the node stops it.
   */
  @Test
  void aDevNodeWithoutAMailHostSendsToItsOwnMailboxReadOverImap(@TempDir Path dir) throws Exception {
    int smtp = TestApp.freePort(), imap = TestApp.freePort();
    Map<String, String> env = Map.of("ACADEMY_ROLES", "http,auth,notify", "ACADEMY_MAIL_HOST", "",
      "ACADEMY_MAIL_EMBEDDED_SMTP_PORT", Integer.toString(smtp), "ACADEMY_MAIL_EMBEDDED_IMAP_PORT", Integer.toString(imap),
      "ACADEMY_MAIL_FROM", "Sekolah Musik <halo@sekolah-musik.test>");
    String id;
    try (TestNode node = TestNode.start(dir, env); Deliveries deliveries = Deliveries.watch(node.vertx())) {
      JsonObject mail = node.config().getJsonObject("mail");
      assertEquals("127.0.0.1", mail.getString("host"));
      assertEquals(smtp, mail.getInteger("port"));
      String admin = EmailFixtures.admin(node.api());
      id = EmailFixtures.queue(node.api(), admin, "visitor@zero-setup.test");
      assertEquals("sent", deliveries.done(id).getString("status"));
      List<Mail> mails = Mailbox.read(imap, "visitor@zero-setup.test");
      assertEquals(1, mails.size(), mails.toString());
      assertEquals("Konfirmasi Pembayaran — Web Development", mails.get(0).subject());
      assertEquals("halo@sekolah-musik.test", mails.get(0).from());
      assertEquals("<" + id + "@sekolah-musik.test>", mails.get(0).messageId(), "the Message-ID is on the sender's domain");
      assertTrue(mails.get(0).text().contains("Jumlah: Rp 250.000,00"), mails.get(0).text());
      assertEquals(List.of(), Mailbox.read("visitor@zero-setup.test"), "nothing reached the suite's server");
      JsonObject health = node.api().call("notify.emailHealth").send().data();
      assertEquals("up", health.getString("smtp"), health.encode());
    }
    for (int port : new int[]{smtp, imap}) {
      assertDoesNotThrow(() -> new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress()).close(),
        "the embedded mail server stopped with its node and freed port " + port);
    }
  }

  /** The public email health tells when the SMTP server cannot be reached (still 200: the queue keeps the emails). */
  @Test
  void theHealthSaysWhenTheSmtpServerIsDown(@TempDir Path dir) throws Exception {
    try (TestNode node = TestNode.start(dir, Map.of("ACADEMY_ROLES", "http,notify", "ACADEMY_MAIL_PORT",
      Integer.toString(TestApp.freePort())))) {
      JsonObject health = node.api().call("notify.emailHealth").send().data();
      assertEquals(new JsonObject().put("status", "degraded").put("queue", new JsonObject().put("queued", 0).put("failed", 0))
        .put("smtp", "down"), health);
    }
  }

  /** A complete production setup under {@code dir} (SMTP with STARTTLS required), with {@code overrides} on top. */
  private static JsonObject production(Path dir, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(Map.of("ACADEMY_MAIL_HOST", "smtp.school.id"));
    env.putAll(overrides);
    return TestApp.productionConfig(dir, env);
  }

  private static String refusal(JsonObject config) {
    return TestApp.refusal(config);
  }

  @Test
  void productionAcceptsAnSmtpServerWithStarttlsRequired(@TempDir Path dir) {
    assertDoesNotThrow(() -> Config.check(production(dir, Map.of())));
  }

  @Test
  void productionRefusesAnEmptyMailHost(@TempDir Path dir) {
    for (String host : new String[]{"", "  "}) {
      String message = refusal(production(dir, Map.of("ACADEMY_MAIL_HOST", host)));
      assertTrue(message.contains("ACADEMY_MAIL_HOST") && message.contains("Production"), message);
    }
  }

  @Test
  void productionRequiresStarttls(@TempDir Path dir) {
    for (String starttls : new String[]{"optional", "disabled"}) {
      String message = refusal(production(dir, Map.of("ACADEMY_MAIL_STARTTLS", starttls)));
      assertTrue(message.contains("ACADEMY_MAIL_STARTTLS") && message.contains("required"), message);
    }
  }

  @Test
  void everyModeRefusesMailSettingsThatCannotWork(@TempDir Path dir) {
    for (String mode : new String[]{"dev", "production"}) {
      String starttls = refusal(production(dir, Map.of("ACADEMY_MODE", mode, "ACADEMY_MAIL_STARTTLS", "sometimes")));
      assertTrue(starttls.contains("ACADEMY_MAIL_STARTTLS"), starttls);
      String from = refusal(production(dir, Map.of("ACADEMY_MODE", mode, "ACADEMY_MAIL_FROM", "Academy")));
      assertTrue(from.contains("ACADEMY_MAIL_FROM"), from);
      String attempts = refusal(production(dir, Map.of("ACADEMY_MODE", mode, "ACADEMY_MAIL_MAX_ATTEMPTS", "0")));
      assertTrue(attempts.contains("ACADEMY_MAIL_MAX_ATTEMPTS"), attempts);
    }
  }
}
