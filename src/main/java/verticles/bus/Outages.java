package verticles.bus;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * Failures that mean "the database is not there right now" rather than a bug: the client answers them with 503
 * {@code DB_CONNECTION_ERROR} (retry later), never 500.
 */
public final class Outages {
  private Outages() {
  }

  /**
   * A connection that could not be made or was lost (refused, reset, closed), or PostgreSQL saying it cannot
   * serve now: SQLSTATE class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53300
   * (too many connections). Looks through the causes.
   */
  public static boolean databaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof ClosedConnectionException
        || t instanceof SocketException || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
          || state.equals("53300")) {
          return true;
        }
      }
      if (t.getCause() == t) break;
    }
    return false;
  }
}
