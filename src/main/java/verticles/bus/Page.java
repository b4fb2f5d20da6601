package verticles.bus;

import io.vertx.core.json.JsonObject;

/**
 * Pagination of list operations: {@code page} (from 1) and {@code limit} (default 20; the contract caps
 * it at 100, so a larger value is a 400 before it gets here) → SQL limit/offset and the seed's
 * {@code pagination} block. Past the last page the list is empty and {@code pagination} still tells the truth.
 */
public record Page(int page, int limit) {
  public static final int DEFAULT_LIMIT = 20;

  public static Page of(BusRequest req) {
    JsonObject query = req.query();
    return new Page(query.getInteger("page", 1), query.getInteger("limit", DEFAULT_LIMIT));
  }

  /**
   * Rows to skip, as a long. The contract caps {@code page} at 1,000,000 and {@code limit} at 100; a verticle
   * called with larger values (over the bus, not through the router) still gets a true offset, not an overflow.
   */
  public long offset() {
    return (page - 1L) * limit;
  }

  /** {page, limit, total, total_pages} */
  public JsonObject pagination(long total) {
    return new JsonObject().put("page", page).put("limit", limit).put("total", total)
      .put("total_pages", (total + limit - 1) / limit);
  }
}
