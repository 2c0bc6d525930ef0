package io.berth.engine;

import io.berth.network.ContainerNetworking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A container's create-time settings → the network plan it asks {@link ContainerNetworking} for. */
final class NetworkPlans {
  private NetworkPlans() {}

  static ContainerNetworking.PlanRequest of(String id, String name, ContainerConfig config,
      HostConfig host, Map<String, ContainerNetworking.EndpointRequest> endpoints) {
    List<String> exposed = new ArrayList<>();
    if (config.exposedPorts() != null) {
      exposed.addAll(config.exposedPorts().keySet());
    }
    Object mac = config.other().get("MacAddress");
    boolean publishAll = Boolean.TRUE.equals(host.other().get("PublishAllPorts"));
    List<String> dns = new ArrayList<>();
    if (host.other().get("Dns") instanceof List<?> l) {
      l.forEach(x -> dns.add(String.valueOf(x)));
    }
    return new ContainerNetworking.PlanRequest(id, name, host.networkMode(), endpoints,
        host.portBindings(), publishAll, exposed, mac == null ? null : mac.toString(), dns);
  }
}
