package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every container's embedded DNS (ADR 0112): its server, started on sockets that
 * {@link ResolverSockets} binds in the container's namespace, and the snapshot of names that
 * the servers read without any lock. {@link NetworkService} replaces the snapshot after each
 * change, so a lookup never waits behind a set-up.
 */
final class ContainerResolvers {
  private final ResolverSockets sockets;
  private final Map<String, DnsServer> servers = new ConcurrentHashMap<>();
  private volatile List<InetSocketAddress> hostUpstreams = List.of();
  private volatile DnsNames.Snapshot snapshot = DnsNames.Snapshot.EMPTY;

  ContainerResolvers(ResolverSockets sockets) {
    this.sockets = sockets;
  }

  /** The host's real servers, for containers without {@code --dns}. */
  void hostUpstreams(List<InetSocketAddress> servers) {
    hostUpstreams = List.copyOf(servers);
  }

  /** Replaces what lookups read. */
  void publish(Map<String, NetworkRecord> networks, Collection<ContainerNet> containers) {
    snapshot = new DnsNames.Snapshot(Map.copyOf(networks), List.copyOf(containers));
  }

  /**
   * Binds the container's sockets (its {@code dnsPorts}) in its namespace and serves them.
   *
   * @throws BerthException.Internal when they cannot be bound
   */
  void start(ContainerNet c) {
    close(c.containerId());
    ResolverSockets.Bound b;
    try {
      b = sockets.open(Path.of(c.netns()), c.dnsPorts().get(0), c.dnsPorts().get(1));
    } catch (java.io.IOException e) {
      throw BerthException.internal("start the embedded DNS of " + c.containerId() + ": "
          + Messages.of(e), e);
    }
    List<InetSocketAddress> own = EmbeddedDns.upstreams(c.dns());
    String id = c.containerId();
    servers.put(id, DnsServer.serve(b.udp(), b.tcp(), new DnsNames(() -> snapshot, id),
        () -> own.isEmpty() ? hostUpstreams : own, id.substring(0, Math.min(12, id.length()))));
  }

  void close(String containerId) {
    DnsServer d = servers.remove(containerId);
    if (d != null) {
      d.close();
    }
  }

  void closeAll() {
    servers.values().forEach(DnsServer::close);
    servers.clear();
  }

  boolean serving(String containerId) {
    return servers.containsKey(containerId);
  }
}
