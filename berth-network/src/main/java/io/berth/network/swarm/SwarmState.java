package io.berth.network.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * This node's swarm as {@code <root>/swarm/state.json} keeps it (present only while the node is
 * in a swarm): the node and cluster ids, the addresses {@code swarm init} was given, the spec's
 * name and labels, the default address pools and the join tokens it shows.
 *
 * @param listenAddr {@code host:port} as given (berth listens on nothing there: ADR 0115)
 * @param advertiseAddr the address other nodes would use, without port
 * @param port the swarm port, from the listen address (2377 unless given)
 * @param defaultAddrPool CIDRs swarm networks take their subnets from
 */
public record SwarmState(
    @JsonProperty("NodeID") String nodeId,
    @JsonProperty("ClusterID") String clusterId,
    @JsonProperty("CreatedAt") String createdAt,
    @JsonProperty("UpdatedAt") String updatedAt,
    @JsonProperty("ListenAddr") String listenAddr,
    @JsonProperty("AdvertiseAddr") String advertiseAddr,
    @JsonProperty("Port") int port,
    @JsonProperty("DataPathAddr") String dataPathAddr,
    @JsonProperty("DataPathPort") int dataPathPort,
    @JsonProperty("DefaultAddrPool") List<String> defaultAddrPool,
    @JsonProperty("SubnetSize") int subnetSize,
    @JsonProperty("SpecName") String specName,
    @JsonProperty("SpecLabels") Map<String, String> specLabels,
    @JsonProperty("WorkerToken") String workerToken,
    @JsonProperty("ManagerToken") String managerToken) {

  public SwarmState {
    defaultAddrPool = defaultAddrPool == null ? List.of() : List.copyOf(defaultAddrPool);
    specLabels = specLabels == null ? Map.of() : Map.copyOf(specLabels);
  }
}
