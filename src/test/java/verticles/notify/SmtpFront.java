package verticles.notify;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import verticles.Mailbox;
import verticles.TestApp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * An SMTP server in front of the suite's GreenMail ({@link Mailbox#smtpPort()}) that decides per connection (numbered
 * from 1 since the last {@link #policy}) what the sending node meets: a busy server ({@code 421} greeting), a server
 * that refuses the recipient for good ({@code 550} to {@code RCPT TO}), silence (the connection is held until
 * {@link #release}), a slow server (GreenMail, whose answer to a message's final {@code .} is held until
 * {@link #release}, the connection kept busy meanwhile), or GreenMail itself (the bytes proxied both ways, unchanged).
 */
final class SmtpFront implements AutoCloseable {
  /**
   * {@code SLOW}: slow but not silent — GreenMail takes the message, but its answer to the final {@code .} reaches the
   * sender only at {@link #release}; until then the front sends a continuation line ({@code 250-…}, RFC 5321 §4.2.1)
   * every 500 ms, so the sender's idle timeout never closes the connection and the send outlasts its own timeout
   * ({@code mail.send_timeout_seconds}) instead. Meant for messages GreenMail accepts: a held answer that is not a
   * {@code 250} closes the connection at the release (the continuation lines already said 250).
   */
  enum Answer { BUSY, REJECT, HOLD, SLOW, PROXY }

  private record Held(NetSocket socket, Context context) {
  }

  /** The end of a message's data (RFC 5321 §4.1.1.4; a line of one dot never occurs inside it: dot-stuffing). */
  private static final String END_OF_DATA = "\r\n.\r\n";

  private final NetServer server;
  private final NetClient upstream;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  /** Held connections with the context each arrived on, where it is proxied from when released. */
  private final List<Held> held = new ArrayList<>();
  /** The slow connections whose answers wait for {@link #release}. */
  private final List<Slow> slow = new ArrayList<>();
  private final Vertx vertx;
  private volatile IntFunction<Answer> policy;
  private int connections;

  private SmtpFront(Vertx vertx, IntFunction<Answer> policy) {
    this.vertx = vertx;
    this.policy = policy;
    this.upstream = vertx.createNetClient();
    this.server = TestApp.await(vertx.createNetServer().connectHandler(this::connected).listen(0, "127.0.0.1"));
  }

  static SmtpFront start(Vertx vertx, IntFunction<Answer> policy) {
    return new SmtpFront(vertx, policy);
  }

  int port() {
    return server.actualPort();
  }

  /**
   * From now on connection n (counted again from 1) meets {@code policy.apply(n)}. Open connections are closed, so a
   * connection the sender keeps in its pool cannot carry the next message past the new policy.
   */
  synchronized SmtpFront policy(IntFunction<Answer> policy) {
    this.policy = policy;
    connections = 0;
    held.clear();
    slow.clear();
    for (NetSocket socket : List.copyOf(open)) socket.close();
    return this;
  }

  /** Connections since the last {@link #policy}. */
  synchronized int connections() {
    return connections;
  }

  /** Waits (30 s at most, woken by each connection) until {@code n} connections arrived since the last {@link #policy}. */
  synchronized void awaitConnections(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (connections < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError("the SMTP front saw " + connections + " connection(s), expected " + n);
      wait(left);
    }
  }

  /**
   * The connections held so far go through to GreenMail, and the slow ones pass GreenMail's held answers on and are
   * plain proxies from now on (later connections still meet the policy).
   */
  synchronized void release() {
    // on the connection's own event loop: the upstream connection must get its handler before GreenMail's greeting
    // arrives (a NetSocket drops data while it has none), which a callback added from this thread could miss
    for (Held connection : held) connection.context().runOnContext(v -> proxy(connection.socket()));
    held.clear();
    for (Slow connection : slow) connection.context.runOnContext(v -> connection.release());
    slow.clear();
  }

  /** Every connection goes through to GreenMail from now on, the held ones included (the count goes on). */
  synchronized void open() {
    policy = n -> Answer.PROXY;
    release();
  }

  private void connected(NetSocket socket) {
    socket.pause();
    open.add(socket);
    socket.closeHandler(v -> open.remove(socket));
    Answer answer;
    synchronized (this) {
      connections++;
      answer = policy.apply(connections);
      if (answer == Answer.HOLD) held.add(new Held(socket, Vertx.currentContext()));
      notifyAll();
    }
    switch (answer) {
      case BUSY -> speak(socket, "421 4.3.2 Too busy, try again later", line -> "221 2.0.0 Bye");
      case REJECT -> speak(socket, "220 front ESMTP", line -> switch (line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT)) {
        case "RCPT" -> "550 5.1.1 No such user here";
        case "QUIT" -> "221 2.0.0 Bye";
        default -> "250 OK";
      });
      case PROXY -> proxy(socket);
      case SLOW -> slow(socket, Vertx.currentContext());
      case HOLD -> { } // silent until released
    }
  }

  /** A minimal SMTP dialogue: {@code greeting}, then one answer per command line; after a 221 the front hangs up. */
  private static void speak(NetSocket socket, String greeting, java.util.function.Function<String, String> answer) {
    RecordParser.newDelimited("\r\n", socket).handler(line -> {
      String reply = answer.apply(line.toString());
      socket.write(reply + "\r\n");
      if (reply.startsWith("221")) socket.close();
    });
    socket.write(greeting + "\r\n");
    socket.resume();
  }

  private void proxy(NetSocket socket) {
    upstream.connect(Mailbox.smtpPort(), "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        socket.close();
        return;
      }
      NetSocket greenMail = connected.result();
      greenMail.pipeTo(socket);
      socket.pipeTo(greenMail);
    });
  }

  private void slow(NetSocket socket, Context context) {
    upstream.connect(Mailbox.smtpPort(), "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        socket.close();
        return;
      }
      Slow connection = new Slow(socket, connected.result(), context);
      synchronized (this) {
        slow.add(connection);
      }
    });
  }

  /**
   * One slow connection, proxied by hand on its own event loop: what the sender writes goes to GreenMail at once; what
   * GreenMail answers after the end of a message's data is held, with continuation lines to the sender, until
   * {@link #release}.
   */
  private final class Slow {
    private final NetSocket sender, greenMail;
    private final Context context;
    /** The sender's last bytes, for an end of data split across reads. */
    private String tail = "";
    private boolean waiting, released;
    private Buffer answer = Buffer.buffer();
    private long keepBusy = -1;

    Slow(NetSocket sender, NetSocket greenMail, Context context) {
      this.sender = sender;
      this.greenMail = greenMail;
      this.context = context;
      sender.handler(this::fromSender);
      greenMail.handler(this::fromGreenMail);
      sender.closeHandler(v -> {
        open.remove(sender);
        stopKeepingBusy();
        greenMail.close();
      });
      greenMail.closeHandler(v -> sender.close());
      sender.resume();
    }

    private void fromSender(Buffer data) {
      greenMail.write(data);
      String seen = tail + data.toString(StandardCharsets.ISO_8859_1);
      tail = seen.substring(Math.max(0, seen.length() - (END_OF_DATA.length() - 1)));
      if (!released && seen.contains(END_OF_DATA)) {
        waiting = true;
        if (keepBusy < 0) keepBusy = vertx.setPeriodic(500, id -> sender.write("250-the message is being processed\r\n"));
      }
    }

    private void fromGreenMail(Buffer data) {
      if (waiting && !released) answer.appendBuffer(data);
      else sender.write(data);
    }

    /** Passes the held answer on (or hangs up when it is no 250) and proxies plainly from now on. */
    void release() {
      released = true;
      stopKeepingBusy();
      if (!waiting) return;
      waiting = false;
      if (answer.length() > 0 && !answer.toString(StandardCharsets.ISO_8859_1).startsWith("250")) sender.close();
      else sender.write(answer);
    }

    private void stopKeepingBusy() {
      if (keepBusy >= 0) vertx.cancelTimer(keepBusy);
      keepBusy = -1;
    }
  }

  @Override
  public void close() {
    for (NetSocket socket : List.copyOf(open)) socket.close();
    TestApp.await(server.close());
    TestApp.await(upstream.close());
  }
}
