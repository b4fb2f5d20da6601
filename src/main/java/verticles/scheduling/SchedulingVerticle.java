package verticles.scheduling;

import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The scheduling verticle (schema `scheduling`). Holds only its health consumer until its own issue fills it. */
public final class SchedulingVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "scheduling";
  }

  @Override
  protected void routes(Endpoints e) {
    // no operations yet
  }
}
