package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.ContainerInspect;
import io.berth.engine.Container;
import io.berth.network.ContainerNetworkView;
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
    List<String> aliases = new ArrayList<>();
    if (n != null && n.path("Aliases").isArray()) {
      n.path("Aliases").forEach(a -> aliases.add(a.asText()));
    }
    String ip = n == null ? null : n.path("IPAMConfig").path("IPv4Address").asText(null);
    return new EndpointRequest(aliases, ip == null || ip.isEmpty() ? null : ip);
  }

  static ContainerInspect.NetworkSettings settings(Container c, ContainerNetworkView v) {
    if (v == null) {
      return new ContainerInspect.NetworkSettings("", "", "", Map.of(), "", "", 0, "", Map.of(),
          "");
    }
    Map<String, Object> nets = new LinkedHashMap<>();
    v.networks().forEach((name, e) -> nets.put(name, endpoint(e)));
    ContainerNetworkView.EndpointView p = v.primary();
    Map<String, Object> ports = new LinkedHashMap<>(v.ports());
    return new ContainerInspect.NetworkSettings("", v.sandboxKey().isEmpty() ? ""
        : c.id(), v.sandboxKey(), ports, p == null ? "" : p.gateway(),
        p == null ? "" : p.ip(), p == null ? 0 : p.prefixLen(), p == null ? "" : p.mac(), nets,
        p == null ? "" : p.endpointId());
  }

  private static Map<String, Object> endpoint(ContainerNetworkView.EndpointView e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("IPAMConfig", e.ipamIpv4() == null ? null : Map.of("IPv4Address", e.ipamIpv4()));
    m.put("Links", null);
    m.put("Aliases", e.aliases());
    m.put("MacAddress", e.mac());
    m.put("DriverOpts", null);
    m.put("NetworkID", e.networkId());
    m.put("EndpointID", e.endpointId());
    m.put("Gateway", e.gateway());
    m.put("IPAddress", e.ip());
    m.put("IPPrefixLen", e.prefixLen());
    m.put("IPv6Gateway", "");
    m.put("GlobalIPv6Address", "");
    m.put("GlobalIPv6PrefixLen", 0);
    m.put("DNSNames", null);
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.created());
    m.put("Scope", "local");
    m.put("Driver", n.driver());
    m.put("EnableIPv6", n.enableIpv6());
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    List<Object> config = new ArrayList<>();
    if (n.subnet() != null) {
      config.add(Map.of("Subnet", n.subnet(), "Gateway", n.gateway()));
    }
    ipam.put("Config", config);
    m.put("IPAM", ipam);
    m.put("Internal", n.internal());
    m.put("Attachable", n.attachable());
    m.put("Ingress", false);
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    Map<String, Object> cs = new LinkedHashMap<>();
    containers.forEach((id, c) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Name", c.name());
      e.put("EndpointID", c.endpointId());
      e.put("MacAddress", c.mac());
      e.put("IPv4Address", c.ipv4());
      e.put("IPv6Address", "");
      cs.put(id, e);
    });
    m.put("Containers", cs);
    m.put("Options", n.options());
    m.put("Labels", n.labels());
    return m;
  }
}
