package verticles.enrollment;

import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The enrollment verticle (schema `enrollment`). Holds only its health consumer until its own issue fills it. */
public final class EnrollmentVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "enrollment";
  }

  @Override
  protected void routes(Endpoints e) {
    // no operations yet
  }
}
