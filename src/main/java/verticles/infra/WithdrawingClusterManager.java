package verticles.infra;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster manager (Hazelcast underneath) that can <em>withdraw</em> this node's consumers from the cluster
 * while their handlers stay in place — the first step of a graceful shutdown.
 * <p>Why: the clustered event bus silently drops a message that reaches a node with no handler for its address
 * (the sender learns nothing until its timeout: a 504). Unregistering a consumer removes the handler at once
 * but the other nodes' view of the registration a moment later, so messages routed in that moment were lost.
 * Withdrawing first reverses the order: other nodes stop routing here, whatever they already sent is still
 * handled, and only then are the consumers unregistered (their cluster removal is then already done).
 * <p>Everything else is delegated unchanged.
 */
public final class WithdrawingClusterManager implements ClusterManager {
  /**
   * Local address: {@code {"addresses": [...]}} withdraws this node's registrations of those addresses; the
   * reply comes once the cluster's registration map no longer has them. Unknown addresses are ignored.
   */
  public static final String WITHDRAW = "academy.cluster.withdraw";

  private final ClusterManager delegate;
  /** This node's clustered (not local-only) registrations by address. */
  private final Map<String, Set<RegistrationInfo>> registered = new ConcurrentHashMap<>();
  /** Withdrawn registrations whose consumer is not yet unregistered. */
  private final Set<RegistrationInfo> withdrawn = ConcurrentHashMap.newKeySet();

  public WithdrawingClusterManager(ClusterManager delegate) {
    this.delegate = delegate;
  }

  /** Removes this node's registrations of the addresses from the cluster; the local handlers keep working. */
  public Future<Void> withdraw(Collection<String> addresses) {
    List<Future<Void>> removals = new ArrayList<>();
    for (String address : addresses) {
      Set<RegistrationInfo> infos = registered.remove(address);
      if (infos == null) continue;
      for (RegistrationInfo info : infos) {
        withdrawn.add(info);
        Promise<Void> removed = Promise.promise();
        delegate.removeRegistration(address, info, removed);
        removals.add(removed.future());
      }
    }
    return Future.all(removals).mapEmpty();
  }

  @Override
  public void addRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    if (!info.localOnly()) registered.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(info);
    delegate.addRegistration(address, info, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    if (withdrawn.remove(info)) {
      promise.succeed(); // already gone from the cluster
      return;
    }
    Set<RegistrationInfo> infos = registered.get(address);
    if (infos != null) infos.remove(info);
    delegate.removeRegistration(address, info, promise);
  }

  // --- delegated ---------------------------------------------------------------------------------

  @Override
  public void init(Vertx vertx) {
    delegate.init(vertx);
  }

  @Override
  public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
    delegate.getAsyncMap(name, promise);
  }

  @Override
  public <K, V> Map<K, V> getSyncMap(String name) {
    return delegate.getSyncMap(name);
  }

  @Override
  public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
    delegate.getLockWithTimeout(name, timeout, promise);
  }

  @Override
  public void getCounter(String name, Completable<Counter> promise) {
    delegate.getCounter(name, promise);
  }

  @Override
  public String getNodeId() {
    return delegate.getNodeId();
  }

  @Override
  public List<String> getNodes() {
    return delegate.getNodes();
  }

  @Override
  public void nodeListener(NodeListener listener) {
    delegate.nodeListener(listener);
  }

  @Override
  public void setNodeInfo(NodeInfo nodeInfo, Completable<Void> promise) {
    delegate.setNodeInfo(nodeInfo, promise);
  }

  @Override
  public NodeInfo getNodeInfo() {
    return delegate.getNodeInfo();
  }

  @Override
  public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
    delegate.getNodeInfo(nodeId, promise);
  }

  @Override
  public void join(Completable<Void> promise) {
    delegate.join(promise);
  }

  @Override
  public void leave(Completable<Void> promise) {
    delegate.leave(promise);
  }

  @Override
  public boolean isActive() {
    return delegate.isActive();
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    delegate.registrationListener(listener);
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    delegate.getRegistrations(address, promise);
  }

  @Override
  public String clusterHost() {
    return delegate.clusterHost();
  }

  @Override
  public String clusterPublicHost() {
    return delegate.clusterPublicHost();
  }
}
