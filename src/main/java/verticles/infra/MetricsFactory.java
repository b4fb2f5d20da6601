package verticles.infra;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Vert.x's metrics: vertx-micrometer's (options: {@link MicrometerMetricsOptions}) for everything but the event bus,
 * which {@link BusMetrics} counts into the same registry with meters made once — unless the options disable the
 * {@code EVENT_BUS} category.
 */
public final class MetricsFactory implements VertxMetricsFactory {
  private final MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory();

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics library = micrometer.metrics(options);
    // as the library reads them: its own options, or any others converted
    MicrometerMetricsOptions micrometerOptions = options.getMetricsOptions() instanceof MicrometerMetricsOptions own
      ? own : new MicrometerMetricsOptions(options.getMetricsOptions().toJson());
    if (micrometerOptions.isMetricsCategoryDisabled(MetricsDomain.EVENT_BUS)) return library;
    String registry = micrometerOptions.getRegistryName();
    return new WithBusMetrics(library, new BusMetrics(BackendRegistries.getNow(registry)));
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return micrometer.newOptions(json);
  }

  /** The library's metrics, but for the event bus. */
  private record WithBusMetrics(VertxMetrics library, BusMetrics bus) implements VertxMetrics {
    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return bus;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress local) {
      return library.createHttpServerMetrics(options, local);
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remote, String type, String namespace) {
      return library.createClientMetrics(remote, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      return library.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress local) {
      return library.createNetServerMetrics(options, local);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return library.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return library.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
      return library.createPoolMetrics(type, name, maxSize);
    }

    @Override
    public void vertxCreated(Vertx vertx) {
      library.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return library.isMetricsEnabled();
    }

    @Override
    public void close() {
      library.close();
    }
  }
}
