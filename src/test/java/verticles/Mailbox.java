package verticles;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The test suite's SMTP server (GreenMail on loopback, one per test JVM): every test node sends its email here
 * ({@link TestApp#config} points {@code mail.host} at it), and tests read what arrived over real IMAP, as a recipient's
 * mail client would. Waiting for an email waits on GreenMail's delivery signal, never a sleep.
 */
public final class Mailbox {
  private static GreenMail server;
  private static int smtpPort, imapPort;

  private Mailbox() {
  }

  /** One delivered email as its recipient reads it. */
  public record Mail(String from, String to, String subject, String messageId, String text, String html) {
  }

  static synchronized GreenMail server() {
    if (server == null) {
      smtpPort = TestApp.freePort();
      imapPort = TestApp.freePort();
      server = new GreenMail(new ServerSetup[]{new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  public static int smtpPort() {
    server();
    return smtpPort;
  }

  /** The settings that point a node at this server (plain SMTP on loopback). */
  public static java.util.Map<String, String> env() {
    return java.util.Map.of("ACADEMY_MAIL_HOST", "127.0.0.1", "ACADEMY_MAIL_PORT", Integer.toString(smtpPort()),
      "ACADEMY_MAIL_STARTTLS", "disabled");
  }

  /** Forgets every delivered email (with {@link TestApp#resetData}, which empties the queue). */
  public static void clear() {
    try {
      server().purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every email {@code to} has received so far, oldest first, read over IMAP. */
  public static List<Mail> read(String to) {
    if (server().getUserManager().getUserByEmail(to) == null) return List.of();
    return read(imapPort, to);
  }

  /**
   * Every email {@code to} has received, oldest first, read over IMAP from the dev mailbox on loopback:{@code port}
   * (this suite's, or a node's own embedded one), logging in with the address as user name and password.
   */
  public static List<Mail> read(int port, String to) {
    Properties props = new Properties();
    props.put("mail.imap.host", "127.0.0.1");
    props.put("mail.imap.port", Integer.toString(port));
    try {
      Store store = Session.getInstance(props).getStore("imap");
      store.connect("127.0.0.1", port, to, to); // the dev mailbox: the address is user name and password
      try {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        List<Mail> mails = new ArrayList<>();
        for (Message message : inbox.getMessages()) mails.add(mail(message));
        inbox.close(false);
        return mails;
      } finally {
        store.close();
      }
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How many deliveries GreenMail holds with this {@code Message-ID} header, whoever they went to (a repeated send of one
   * message shows as two).
   */
  public static int withMessageId(String messageId) {
    int n = 0;
    try {
      for (jakarta.mail.internet.MimeMessage message : server().getReceivedMessages()) {
        String[] id = message.getHeader("Message-ID");
        if (id != null && messageId.equals(id[0])) n++;
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
    return n;
  }

  /** Waits (for 30 s at most) until {@code to} has at least {@code count} emails, then returns them all. */
  public static List<Mail> await(String to, int count) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      int total = server().getReceivedMessages().length; // before reading: an email arriving in between ends the wait
      List<Mail> mails = read(to);
      if (mails.size() >= count) return mails;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0 || !server().waitForIncomingEmail(left, total + 1)) {
        fail(to + " received " + mails.size() + " email(s), expected " + count + ": " + mails);
      }
    }
  }

  /** Waits (for 30 s at most) until one of {@code recipients} has an email; returns who. */
  public static String awaitAny(java.util.Collection<String> recipients) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      int total = server().getReceivedMessages().length;
      for (String to : recipients) if (!read(to).isEmpty()) return to;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0 || !server().waitForIncomingEmail(left, total + 1)) fail("none of " + recipients + " received an email");
    }
  }

  /** The one email {@code to} should have received (waits for it; fails on a second one already there). */
  public static Mail one(String to) {
    List<Mail> mails = await(to, 1);
    if (mails.size() != 1) fail(to + " received " + mails.size() + " emails, expected one: " + mails);
    return mails.get(0);
  }

  /**
   * The one email {@code to} should have received whose subject starts with {@code subject} (waits for it; other
   * emails, e.g. an assignment's announcement, are ignored; fails on a second one with that subject).
   */
  public static Mail one(String to, String subject) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      int total = server().getReceivedMessages().length;
      List<Mail> matching = read(to).stream().filter(m -> m.subject().startsWith(subject)).toList();
      if (matching.size() > 1) fail(to + " received " + matching.size() + " emails '" + subject + "…', expected one: " + matching);
      if (matching.size() == 1) return matching.get(0);
      long left = deadline - System.currentTimeMillis();
      if (left <= 0 || !server().waitForIncomingEmail(left, total + 1)) fail(to + " received no email '" + subject + "…'");
    }
  }

  private static Mail mail(Message message) throws MessagingException, IOException {
    String[] id = message.getHeader("Message-ID");
    StringBuilder text = new StringBuilder(), html = new StringBuilder();
    collect(message, text, html);
    return new Mail(((InternetAddress) message.getFrom()[0]).getAddress(),
      ((InternetAddress) message.getAllRecipients()[0]).getAddress(), message.getSubject(),
      id == null ? null : id[0], text.toString(), html.toString());
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) text.append(part.getContent());
    else if (part.isMimeType("text/html")) html.append(part.getContent());
    else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) collect(multipart.getBodyPart(i), text, html);
    }
  }
}
