package verticles.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key in bounded memory: each key may spend {@code burst} at once and regains
 * {@code perSecond} a second. At most {@code maxKeys} buckets are kept; the least recently used is forgotten
 * first (it comes back full, so forgetting only ever lets a little more through). Not thread-safe: use it from
 * one event loop.
 */
public final class Budgets {
  private final double burst;
  private final double perSecond;
  private final Map<String, double[]> buckets;

  public Budgets(int burst, double perSecond, int maxKeys) {
    if (burst < 1 || perSecond <= 0) throw new IllegalArgumentException("a budget needs burst >= 1 and a positive rate");
    this.burst = burst;
    this.perSecond = perSecond;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Takes one unit for the key: 0 when granted, else the whole seconds (at least 1) until one is available. */
  public int take(String key, long nowMillis) {
    double[] bucket = buckets.computeIfAbsent(key, k -> new double[]{burst, nowMillis});
    double tokens = Math.min(burst, bucket[0] + (nowMillis - bucket[1]) / 1000.0 * perSecond);
    bucket[1] = nowMillis;
    if (tokens >= 1) {
      bucket[0] = tokens - 1;
      return 0;
    }
    bucket[0] = tokens;
    return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
  }

  /** How many keys are remembered (for tests of the bound). */
  public int size() {
    return buckets.size();
  }
}
