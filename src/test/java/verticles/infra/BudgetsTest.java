package verticles.infra;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token buckets behind the chat bridge's frame budgets: a burst, a steady rate, bounded memory. */
class BudgetsTest {

  @Test
  void aBurstThenTheRateAndAWaitToldInSeconds() {
    Budgets budgets = new Budgets(3, 2, 10);
    for (int i = 0; i < 3; i++) assertEquals(0, budgets.take("s", 1_000));
    assertEquals(1, budgets.take("s", 1_000));
    assertEquals(0, budgets.take("s", 1_500), "half a second later one unit is back");
    assertEquals(1, budgets.take("s", 1_500));
    assertEquals(0, budgets.take("other", 1_500), "each key has its own budget");
  }

  @Test
  void memoryIsBounded() {
    Budgets budgets = new Budgets(1, 1, 100);
    for (int i = 0; i < 10_000; i++) budgets.take("key-" + i, 0);
    assertTrue(budgets.size() <= 100, "remembered " + budgets.size());
  }
}
