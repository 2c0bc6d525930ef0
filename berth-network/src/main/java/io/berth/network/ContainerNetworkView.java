package io.berth.network;

import java.util.List;
import java.util.Map;

/**
 * A container's NetworkSettings as inspect shows them.
 *
 * @param sandboxKey the namespace path while running, else ""
 * @param ports {@code "80/tcp"} → bindings (HostIp, HostPort); a null list for an exposed,
 *     unpublished port
 * @param networks network name → endpoint
 * @param primary the endpoint on the default bridge (its fields also appear at the top of
 *     NetworkSettings), or null
 */
public record ContainerNetworkView(String sandboxKey, Map<String, List<Map<String, String>>> ports,
    Map<String, EndpointView> networks, EndpointView primary) {

  /** One Networks entry; address fields are "" while the container does not run. */
  public record EndpointView(String networkId, String endpointId, String ip, int prefixLen,
      String gateway, String mac, List<String> aliases, ContainerNet.EndpointSettings settings,
      String ipv6, int ipv6PrefixLen, String ipv6Gateway) {}
}
