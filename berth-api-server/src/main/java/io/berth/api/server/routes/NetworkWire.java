package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerInspect;
import io.berth.engine.Container;
import io.berth.network.ContainerNet;
import io.berth.network.ContainerNetworkView;
import io.berth.network.IpamPool;
import io.berth.network.ContainerNetworking.EndpointRequest;
import io.berth.network.NetworkRecord;
import io.berth.network.NetworkService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Networks and containers' network settings in Docker's JSON shapes. */
final class NetworkWire {
  private NetworkWire() {}

  /** {@code NetworkingConfig.EndpointsConfig} (or a connect's {@code EndpointConfig}). */
  static Map<String, EndpointRequest> endpoints(JsonNode endpointsConfig) {
    Map<String, EndpointRequest> out = new LinkedHashMap<>();
    if (endpointsConfig == null || !endpointsConfig.isObject()) {
      return out;
    }
    endpointsConfig.properties().forEach(e -> out.put(e.getKey(), endpoint(e.getValue())));
    return out;
  }

  static EndpointRequest endpoint(JsonNode n) {
    if (n == null || !n.isObject()) {
      return new EndpointRequest(List.of(), null);
    }
    JsonNode ipam = n.path("IPAMConfig");
    Map<String, String> opts = new LinkedHashMap<>();
    if (n.path("DriverOpts").isObject()) {
      n.path("DriverOpts").properties().forEach(e -> opts.put(e.getKey(), e.getValue().asText()));
    }
    return new EndpointRequest(texts(n.path("Aliases")), text(ipam.path("IPv4Address")),
        text(ipam.path("IPv6Address")), texts(ipam.path("LinkLocalIPs")), texts(n.path("Links")),
        opts);
  }

  private static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(a -> out.add(a.asText()));
    }
    return out;
  }

  private static String text(JsonNode n) {
    String s = n.isTextual() ? n.asText() : null;
    return s == null || s.isEmpty() ? null : s;
  }

  static ContainerInspect.NetworkSettings settings(Container c, ContainerNetworkView v) {
    if (v == null) {
      return new ContainerInspect.NetworkSettings("", "", "", Map.of(), "", "", 0, "", Map.of(),
          "");
    }
    Map<String, Object> nets = new LinkedHashMap<>();
    v.networks().forEach((name, e) -> nets.put(name, endpoint(e, dnsNames(c, name, e))));
    ContainerNetworkView.EndpointView p = v.primary();
    Map<String, Object> ports = new LinkedHashMap<>(v.ports());
    return new ContainerInspect.NetworkSettings("", v.sandboxKey().isEmpty() ? ""
        : c.id(), v.sandboxKey(), ports, p == null ? "" : p.gateway(),
        p == null ? "" : p.ip(), p == null ? 0 : p.prefixLen(), p == null ? "" : p.mac(), nets,
        p == null ? "" : p.endpointId());
  }

  /**
   * DNSNames (API 1.44, dockerd 25+): on a user-defined network, once the endpoint is made, the
   * container's name, its aliases, its short id and its hostname, without repeats, as moby's
   * buildEndpointDNSNames; null on the predefined networks and before the first start.
   */
  static List<String> dnsNames(Container c, String network,
      ContainerNetworkView.EndpointView e) {
    if (network.equals("bridge") || network.equals("host") || network.equals("none")
        || e.endpointId().isEmpty()) {
      return null;
    }
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    String name = c.name() == null ? "" : c.name().replaceFirst("^/", "");
    if (!name.isEmpty()) {
      out.add(name);
    }
    if (e.aliases() != null) {
      out.addAll(e.aliases());
    }
    out.add(c.id().substring(0, Math.min(12, c.id().length())));
    String host = c.config() == null ? null : c.config().hostname();
    if (host != null && !host.isEmpty()) {
      out.add(host);
    }
    return List.copyOf(out);
  }

  private static Map<String, Object> endpoint(ContainerNetworkView.EndpointView e,
      List<String> dnsNames) {
    Map<String, Object> m = new LinkedHashMap<>();
    ContainerNet.EndpointSettings s = e.settings();
    Map<String, Object> ipam = new LinkedHashMap<>();
    if (s.ipv4Address() != null) {
      ipam.put("IPv4Address", s.ipv4Address());
    }
    if (s.ipv6Address() != null) {
      ipam.put("IPv6Address", s.ipv6Address());
    }
    if (!s.linkLocalIps().isEmpty()) {
      ipam.put("LinkLocalIPs", s.linkLocalIps());
    }
    m.put("IPAMConfig", ipam.isEmpty() ? null : ipam);
    m.put("Links", s.links().isEmpty() ? null : s.links());
    m.put("Aliases", e.aliases());
    m.put("MacAddress", e.mac());
    m.put("DriverOpts", s.driverOpts().isEmpty() ? null : s.driverOpts());
    m.put("NetworkID", e.networkId());
    m.put("EndpointID", e.endpointId());
    m.put("Gateway", e.gateway());
    m.put("IPAddress", e.ip());
    m.put("IPPrefixLen", e.prefixLen());
    m.put("IPv6Gateway", e.ipv6Gateway());
    m.put("GlobalIPv6Address", e.ipv6());
    m.put("GlobalIPv6PrefixLen", e.ipv6PrefixLen());
    m.put("DNSNames", dnsNames);
    return m;
  }

  /** {@code GET /containers/json}'s Ports: {IP, PrivatePort, PublicPort, Type}. */
  static List<Object> summaryPorts(ContainerNetworkView v) {
    List<Object> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    v.ports().forEach((key, bindings) -> {
      String[] kp = key.split("/");
      int priv = Integer.parseInt(kp[0]);
      if (bindings == null) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("PrivatePort", priv);
        m.put("Type", kp[1]);
        out.add(m);
        return;
      }
      for (Map<String, String> b : bindings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IP", b.get("HostIp"));
        m.put("PrivatePort", priv);
        m.put("PublicPort", Integer.parseInt(b.get("HostPort")));
        m.put("Type", kp[1]);
        out.add(m);
      }
    });
    return out;
  }

  /** {@code GET /networks/{id}} (with Containers) or a list entry (Containers empty). */
  static Map<String, Object> network(NetworkRecord n,
      Map<String, NetworkService.NetworkContainer> containers) {
    return network(n, containers, n.scope(), List.of());
  }

  /**
   * The same with its scope ({@code global} for a cluster store's network, ADR 0124) and, for a
   * global network, Peers: the hosts with endpoints on it, as Docker's overlay shows them.
   */
  static Map<String, Object> network(NetworkRecord n,
      Map<String, NetworkService.NetworkContainer> containers, String scope,
      List<NetworkService.Peer> peers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created());
    m.put("Scope", scope);
    m.put("Driver", n.driver());
    m.put("EnableIPv6", n.enableIpv6());
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    List<Object> config = new ArrayList<>();
    for (IpamPool p : n.pools()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Subnet", p.subnet());
      if (p.ipRange() != null) {
        c.put("IPRange", p.ipRange());
      }
      if (p.gateway() != null) {
        c.put("Gateway", p.gateway());
      }
      if (!p.auxAddresses().isEmpty()) {
        c.put("AuxiliaryAddresses", p.auxAddresses());
      }
      config.add(c);
    }
    ipam.put("Config", config);
    m.put("IPAM", ipam);
    m.put("Internal", n.internal());
    m.put("Attachable", n.attachable());
    m.put("Ingress", n.ingress());
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    Map<String, Object> cs = new LinkedHashMap<>();
    containers.forEach((id, c) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Name", c.name());
      e.put("EndpointID", c.endpointId());
      e.put("MacAddress", c.mac());
      e.put("IPv4Address", c.ipv4());
      e.put("IPv6Address", c.ipv6() == null ? "" : c.ipv6());
      cs.put(id, e);
    });
    m.put("Containers", cs);
    m.put("Options", n.options());
    m.put("Labels", n.labels());
    if (scope.equals("global")) {
      List<Object> ps = new ArrayList<>();
      for (NetworkService.Peer p : peers) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Name", p.name());
        e.put("IP", p.ip());
        ps.add(e);
      }
      m.put("Peers", ps);
    }
    return m;
  }
}
