package verticles.catalog;

import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The catalog verticle (schema `catalog`). Holds only its health consumer until its own issue fills it. */
public final class CatalogVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "catalog";
  }

  @Override
  protected void routes(Endpoints e) {
    // no operations yet
  }
}
