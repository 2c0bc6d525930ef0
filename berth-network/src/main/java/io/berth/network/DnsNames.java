package io.berth.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names one container may resolve through its embedded DNS, from an immutable snapshot of
 * the networks and containers (so a lookup never waits behind a set-up): on each user network
 * the container is on, the running containers' names, aliases and 12-digit short ids, also as
 * {@code name.network}; and its own links on those networks ({@code alias} → the linked
 * container). The default bridge has no names, as in Docker. Pure.
 */
final class DnsNames implements DnsServer.Names {
  /** What lookups read; replaced as a whole after each change. */
  record Snapshot(Map<String, NetworkRecord> networks, Collection<ContainerNet> containers) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), List.of());
  }

  private final java.util.function.Supplier<Snapshot> snapshot;
  private final String containerId;

  DnsNames(java.util.function.Supplier<Snapshot> snapshot, String containerId) {
    this.snapshot = snapshot;
    this.containerId = containerId;
  }

  @Override
  public List<String> lookup(String name, boolean ipv6) {
    return find(snapshot.get(), name, ipv6, false);
  }

  @Override
  public boolean isLocal(String name) {
    return !find(snapshot.get(), name, false, true).isEmpty();
  }

  private List<String> find(Snapshot s, String query, boolean ipv6, boolean any) {
    String q = query.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    ContainerNet me = s.containers().stream().filter(c -> c.containerId().equals(containerId))
        .findFirst().orElse(null);
    if (me == null) {
      return out;
    }
    for (Map.Entry<String, ContainerNet.EndpointSettings> mine : me.networks().entrySet()) {
      NetworkRecord n = s.networks().get(mine.getKey());
      if (n == null || !n.carriesEndpoints() || n.isDefaultBridge()) {
        continue;
      }
      String suffix = "." + n.name().toLowerCase(Locale.ROOT);
      String bare = q.endsWith(suffix) ? q.substring(0, q.length() - suffix.length()) : q;
      String target = null;
      for (String l : mine.getValue().links()) {
        Links link = Links.parse(l);
        if (link.alias().toLowerCase(Locale.ROOT).equals(bare)) {
          target = link.name().toLowerCase(Locale.ROOT);
        }
      }
      for (ContainerNet c : s.containers()) {
        ContainerNet.EndpointSettings es = c.networks().get(n.id());
        if (es == null) {
          continue;
        }
        String cn = c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT);
        boolean match = bare.equals(cn) || cn.equals(target)
            || (bare.length() == 12 && c.containerId().startsWith(bare))
            || es.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(bare));
        if (!match) {
          continue;
        }
        for (ContainerNet.Endpoint e : c.endpoints()) {
          if (e.networkId().equals(n.id())) {
            String ip = any || !ipv6 ? e.ip() : e.ipv6();
            if (ip != null && !out.contains(ip)) {
              out.add(ip);
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public String reverse(String ip) {
    Snapshot s = snapshot.get();
    ContainerNet me = s.containers().stream().filter(c -> c.containerId().equals(containerId))
        .findFirst().orElse(null);
    if (me == null || ip.isEmpty()) {
      return null;
    }
    for (ContainerNet c : s.containers()) {
      for (ContainerNet.Endpoint e : c.endpoints()) {
        NetworkRecord n = s.networks().get(e.networkId());
        boolean same = ip.equals(e.ip())
            || (e.ipv6() != null && ip.contains(":") && ip.equals(Cidr6.format(
                Cidr6.parseAddress(e.ipv6()))));
        if (n != null && !n.isDefaultBridge() && me.networks().containsKey(n.id()) && same) {
          return c.name() + "." + n.name();
        }
      }
    }
    return null;
  }
}
