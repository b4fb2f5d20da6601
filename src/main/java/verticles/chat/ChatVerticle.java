package verticles.chat;

import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;

/** The chat verticle (schema `chat`). Holds only its health consumer until its own issue fills it. */
public final class ChatVerticle extends DomainVerticle {

  @Override
  protected String name() {
    return "chat";
  }

  @Override
  protected void routes(Endpoints e) {
    // no operations yet
  }
}
