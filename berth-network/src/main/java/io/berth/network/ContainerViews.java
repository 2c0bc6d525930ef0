package io.berth.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's networking as inspect shows it, from its record and the networks. Pure. */
final class ContainerViews {
  private ContainerViews() {}

  static ContainerNetworkView of(ContainerNet c, Map<String, NetworkRecord> networks) {
    Map<String, List<Map<String, String>>> ports = new LinkedHashMap<>();
    NetworkRecord first = c.endpoints().isEmpty() ? null
        : networks.get(c.endpoints().getFirst().networkId());
    if (c.running() && (first == null || !first.internal())) {
      for (String exposed : c.exposedPorts()) {
        ports.put(PortKey.parse(exposed).toString(), null);
      }
      for (String key : c.portBindings().keySet()) {
        ports.put(PortKey.parse(key).toString(), null);
      }
      for (ContainerNet.PortMapping p : c.ports()) {
        String key = p.containerPort() + "/" + p.proto();
        List<Map<String, String>> l = ports.get(key) == null ? new ArrayList<>()
            : new ArrayList<>(ports.get(key));
        l.add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
        ports.put(key, l);
      }
    }
    Map<String, ContainerNetworkView.EndpointView> nets = new LinkedHashMap<>();
    ContainerNetworkView.EndpointView primary = null;
    if (c.mode().equals("host") || c.mode().equals("none")) {
      NetworkRecord n = networks.values().stream().filter(x -> x.name().equals(c.mode())).findFirst()
          .orElse(null);
      if (n != null) {
        nets.put(n.name(), new ContainerNetworkView.EndpointView(n.id(), "", "", 0, "", "",
            null, new ContainerNet.EndpointSettings(List.of(), null), "", 0, ""));
      }
    }
    for (Map.Entry<String, ContainerNet.EndpointSettings> e : c.networks().entrySet()) {
      NetworkRecord n = networks.get(e.getKey());
      if (n == null) {
        continue;
      }
      ContainerNet.Endpoint ep = c.endpoints().stream()
          .filter(x -> x.networkId().equals(n.id())).findFirst().orElse(null);
      List<String> aliases = e.getValue().aliases().isEmpty() ? null : e.getValue().aliases();
      IpamPool v6 = n.ipv6Pool();
      boolean has6 = ep != null && ep.ipv6() != null && v6 != null;
      ContainerNetworkView.EndpointView v = ep == null
          ? new ContainerNetworkView.EndpointView(n.id(), "", "", 0, "", "", aliases,
              e.getValue(), "", 0, "")
          : new ContainerNetworkView.EndpointView(n.id(), ep.endpointId(), ep.ip(),
              n.prefixLen(), n.internal() ? "" : n.gateway(), ep.mac(), aliases,
              e.getValue(), has6 ? ep.ipv6() : "",
              has6 ? Cidr6.parse(v6.subnet()).prefix() : 0,
              has6 && v6.gateway() != null && !n.internal() ? v6.gateway() : "");
      nets.put(n.name(), v);
      if (n.isDefaultBridge()) {
        primary = v;
      }
    }
    return new ContainerNetworkView(c.netns() == null ? "" : c.netns(), ports, nets, primary);
  }
}
