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
    return new ContainerNetworking.PlanRequest(id, name, host.networkMode(), endpoints,
        host.portBindings(), host.publishAllPorts(), exposed, config.macAddress(),
        host.strings(HostConfig.Extra.DNS), host.autoRemove());
  }
}
