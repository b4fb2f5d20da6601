package verticles.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup mail server (dev mode, empty {@code mail.host}): GreenMail in this process, bound to loopback, that
 * accepts every email over SMTP on {@code mail.embedded_smtp_port} and keeps it in memory as the dev mailbox, served
 * over IMAP on {@code mail.embedded_imap_port}. A recipient's mailbox is created on first delivery with the address
 * as both user name and password. The config is pointed at it (plain SMTP on loopback, no login).
 */
public final class EmbeddedMail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final GreenMail server;

  private EmbeddedMail(GreenMail server) {
    this.server = server;
  }

  /** Starts it when the config names no SMTP server (production refuses that config earlier); else null. */
  public static EmbeddedMail startIfMissing(JsonObject config) {
    JsonObject mail = config.getJsonObject("mail");
    if (!mail.getString("host", "").isBlank()) return null;
    int smtp = mail.getInteger("embedded_smtp_port"), imap = mail.getInteger("embedded_imap_port");
    GreenMail server = new GreenMail(new ServerSetup[]{
      new ServerSetup(smtp, LOOPBACK, ServerSetup.PROTOCOL_SMTP), new ServerSetup(imap, LOOPBACK, ServerSetup.PROTOCOL_IMAP)});
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Could not start the embedded mail server on " + LOOPBACK + ":" + smtp + " (SMTP) and :"
        + imap + " (IMAP): " + e.getMessage() + ". Free the ports, set " + Config.envName("mail.embedded_smtp_port") + " and "
        + Config.envName("mail.embedded_imap_port") + ", or point " + Config.envName("mail.host") + " at an SMTP server", e);
    }
    mail.put("host", LOOPBACK).put("port", smtp).put("starttls", "disabled").put("username", "").put("password", "");
    LOG.info("Embedded mail server: SMTP {}:{}; read what the academy sent over IMAP {}:{} (user name and password: the "
      + "recipient's address)", LOOPBACK, smtp, LOOPBACK, imap);
    return new EmbeddedMail(server);
  }

  @Override
  public void close() {
    server.stop();
  }
}
