package io.berth.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One container's endpoint on a global network as the cluster store keeps it, under
 * {@code /berth/endpoints/<network>/<ip>} and bound to its host's lease: the key is the
 * address's reservation (created in a transaction, so no two hosts take one address), the
 * value what the other hosts need for their forwarding tables and embedded DNS.
 *
 * @param host the {@code --cluster-advertise} address of the host the container runs on: the
 *     VXLAN tunnel's far end
 * @param hostName that host's name, for {@code network inspect}'s Peers
 */
public record ClusterEndpoint(
    @JsonProperty("Network") String network,
    @JsonProperty("Ip") String ip,
    @JsonProperty("Mac") String mac,
    @JsonProperty("Host") String host,
    @JsonProperty("HostName") String hostName,
    @JsonProperty("ContainerId") String containerId,
    @JsonProperty("Name") String name,
    @JsonProperty("Aliases") List<String> aliases,
    @JsonProperty("EndpointId") String endpointId) {

  public ClusterEndpoint {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  /** The store key of an endpoint (its address's reservation). */
  static String key(String network, String ip) {
    return ClusterKeys.ENDPOINTS + network + "/" + ip;
  }

  /**
   * What the embedded DNS of another host resolves: the remote container as a container on
   * this one network, with its name, aliases and address.
   */
  ContainerNet asRemoteContainer() {
    return new ContainerNet(containerId, name, network, java.util.Map.of(network,
        new ContainerNet.EndpointSettings(aliases, null)), null, false, null, null, null,
        List.of(new ContainerNet.Endpoint(network, endpointId, ip, mac, null, "eth0", null)),
        null);
  }
}
