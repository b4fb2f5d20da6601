package verticles.analytics;

import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The analytics verticle (schema `analytics`). Holds only its health consumer until its own issue fills it. */
public final class AnalyticsVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "analytics";
  }

  @Override
  protected void routes(Endpoints e) {
    // no operations yet
  }
}
