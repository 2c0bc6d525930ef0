package io.berth.network;

import io.berth.common.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IPv6 side of each running container's published TCP ({@link LoopbackV6Proxy}) and UDP
 * ({@link UdpV6Proxy}) ports: a port published on every address (no host IP, {@code 0.0.0.0}
 * or {@code ::}) is relayed from {@code [::]}, one published on an IPv6 address from that
 * address; ports published on one IPv4 address only get none (ADR 0116).
 */
final class LoopbackProxies {
  private static final Logger LOG = Logger.getLogger(LoopbackProxies.class.getName());
  private static final Set<String> ALL_ADDRESSES = Set.of("", "0.0.0.0", "::");

  private final Map<String, List<AutoCloseable>> byContainer = new ConcurrentHashMap<>();

  /** Starts the proxies of a running container; a port taken on IPv6 is logged, not fatal. */
  void start(ContainerNet c) {
    close(c.containerId());
    if (c.endpoints().isEmpty() || c.ports().isEmpty()) {
      return;
    }
    String ip = c.endpoints().getFirst().ip();
    List<AutoCloseable> started = new ArrayList<>();
    for (ContainerNet.PortMapping p : c.ports()) {
      String bind = bindAddress(p.hostIp());
      if (bind == null || !(p.proto().equals("tcp") || p.proto().equals("udp"))) {
        continue;
      }
      try {
        started.add(p.proto().equals("tcp")
            ? LoopbackV6Proxy.start(bind, p.hostPort(), ip, p.containerPort())
            : UdpV6Proxy.start(bind, p.hostPort(), ip, p.containerPort()));
      } catch (IOException e) {
        LOG.log(Level.INFO, "port " + p.hostPort() + "/" + p.proto() + " of "
            + c.containerId() + " is not published on [" + bind + "]: " + Messages.of(e));
      }
    }
    if (!started.isEmpty()) {
      byContainer.put(c.containerId(), started);
    }
  }

  /** {@code ::} for every address, the IPv6 address given, or null for an IPv4 one. */
  static String bindAddress(String hostIp) {
    String h = hostIp == null ? "" : hostIp;
    if (ALL_ADDRESSES.contains(h)) {
      return "::";
    }
    return h.contains(":") ? h : null;
  }

  void close(String containerId) {
    List<AutoCloseable> l = byContainer.remove(containerId);
    if (l != null) {
      for (AutoCloseable p : l) {
        try {
          p.close();
        } catch (Exception e) {
          LOG.log(Level.FINE, "closing a proxy of " + containerId, e);
        }
      }
    }
  }

  void closeAll() {
    List.copyOf(byContainer.keySet()).forEach(this::close);
  }
}
