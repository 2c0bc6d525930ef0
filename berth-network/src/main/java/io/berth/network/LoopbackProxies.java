package io.berth.network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code [::1]} side of each running container's published TCP ports
 * ({@link LoopbackV6Proxy}); ports published on one IPv4 address only get none.
 */
final class LoopbackProxies {
  private static final Logger LOG = Logger.getLogger(LoopbackProxies.class.getName());
  private static final Set<String> ALL_ADDRESSES = Set.of("", "0.0.0.0", "::");

  private final Map<String, List<LoopbackV6Proxy>> byContainer = new ConcurrentHashMap<>();

  /** Starts the proxies of a running container; a port taken on [::1] is logged, not fatal. */
  void start(ContainerNet c) {
    close(c.containerId());
    if (c.endpoints().isEmpty() || c.ports().isEmpty()) {
      return;
    }
    String ip = c.endpoints().getFirst().ip();
    List<LoopbackV6Proxy> started = new ArrayList<>();
    for (ContainerNet.PortMapping p : c.ports()) {
      if (!p.proto().equals("tcp") || !ALL_ADDRESSES.contains(p.hostIp() == null ? ""
          : p.hostIp())) {
        continue;
      }
      try {
        started.add(LoopbackV6Proxy.start(p.hostPort(), ip, p.containerPort()));
      } catch (IOException e) {
        LOG.log(Level.INFO, "port " + p.hostPort() + " of " + c.containerId()
            + " is not published on [::1]: " + e.getMessage());
      }
    }
    if (!started.isEmpty()) {
      byContainer.put(c.containerId(), started);
    }
  }

  void close(String containerId) {
    List<LoopbackV6Proxy> l = byContainer.remove(containerId);
    if (l != null) {
      l.forEach(LoopbackV6Proxy::close);
    }
  }

  void closeAll() {
    List.copyOf(byContainer.keySet()).forEach(this::close);
  }
}
