package verticles.bus;

import io.vertx.core.json.JsonObject;

/**
 * Pagination of list operations: {@code page} (from 1) and {@code limit} (default 20; the contract caps
 * it at 100, so a larger value is a 400 before it gets here) → SQL limit/offset and the seed's
 * {@code pagination} block. Past the last page the list is empty and {@code pagination} still tells the truth.
 */
public record Page(int page, int limit) {
  public static final int DEFAULT_LIMIT = 20;
  /** The contract's maximum {@code page}; with {@code limit} ≤ 100 every offset fits a bigint easily. */
  public static final int MAX_PAGE = 1_000_000;

  public static Page of(BusRequest req) {
    JsonObject query = req.query();
    return new Page(query.getInteger("page", 1), query.getInteger("limit", DEFAULT_LIMIT));
  }

  /** Rows to skip, as a long: {@code page × limit} overflows an int long before the contract's maximum. */
  public long offset() {
    return (page - 1L) * limit;
  }

  /** {page, limit, total, total_pages} */
  public JsonObject pagination(long total) {
    return new JsonObject().put("page", page).put("limit", limit).put("total", total)
      .put("total_pages", (total + limit - 1) / limit);
  }
}
