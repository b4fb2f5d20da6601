package verticles.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * The bus codecs of the protocol's three types, registered once per Vert.x instance ({@link #register}).
 * Locally a message is handed over as is — requests, replies and failures are immutable once sent, so nothing is
 * copied (the JSON codecs deep-copy every JsonObject). Across the cluster each is encoded once:
 * <ul>
 *   <li>{@link BusRequest}: its JSON;</li>
 *   <li>{@link Reply}: a JSON head {@code {status, message?, headers?, contentType?, body?}} (length-prefixed),
 *       then the data as encoded JSON bytes, which arrive as a {@link Buffer} the router splices unparsed;</li>
 *   <li>{@link ApiError}: its JSON {@code {status, code, error, details}}; a reply carrying it fails the
 *       requester's future (it is a {@link io.vertx.core.eventbus.ReplyException}).</li>
 * </ul>
 */
public final class Codecs {
  private Codecs() {
  }

  /** Registers the three codecs as the default codecs of their types; once per Vert.x instance, before deploying. */
  public static void register(Vertx vertx) {
    vertx.eventBus()
      .registerDefaultCodec(BusRequest.class, new Local<>("academy.request") {
        @Override
        public void encodeToWire(Buffer buffer, BusRequest request) {
          withLength(buffer, request.json().toBuffer());
        }

        @Override
        public BusRequest decodeFromWire(int pos, Buffer buffer) {
          return new BusRequest(new JsonObject(slice(pos, buffer)));
        }
      })
      .registerDefaultCodec(Reply.class, new Local<>("academy.reply") {
        @Override
        public void encodeToWire(Buffer buffer, Reply reply) {
          withLength(buffer, reply.head().toBuffer());
          withLength(buffer, reply.encodedData() == null ? Buffer.buffer() : reply.encodedData());
        }

        @Override
        public Reply decodeFromWire(int pos, Buffer buffer) {
          Buffer head = slice(pos, buffer);
          Buffer data = slice(pos + 4 + head.length(), buffer);
          return Reply.fromWire(new JsonObject(head), data.length() == 0 ? null : data);
        }
      })
      .registerDefaultCodec(ApiError.class, new Local<>("academy.error") {
        @Override
        public void encodeToWire(Buffer buffer, ApiError error) {
          withLength(buffer, error.toJson().toBuffer());
        }

        @Override
        public ApiError decodeFromWire(int pos, Buffer buffer) {
          return ApiError.fromJson(new JsonObject(slice(pos, buffer)));
        }
      });
  }

  private static void withLength(Buffer buffer, Buffer part) {
    buffer.appendInt(part.length()).appendBuffer(part);
  }

  private static Buffer slice(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return buffer.getBuffer(pos + 4, pos + 4 + length);
  }

  /** A codec whose local delivery passes the (immutable) object itself. */
  private abstract static class Local<T> implements MessageCodec<T, T> {
    private final String name;

    Local(String name) {
      this.name = name;
    }

    @Override
    public T transform(T value) {
      return value;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  /** JSON bytes of a value that is not already encoded. */
  static Buffer encode(Object value) {
    return value instanceof Buffer buffer ? buffer : Json.encodeToBuffer(value);
  }
}
