package io.berth.network.swarm;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /swarm/init}'s body as berth uses it.
 *
 * @param listenAddr "" for dockerd's {@code 0.0.0.0:2377}
 * @param advertiseAddr "" to take the listen address's host (127.0.0.1 when that is 0.0.0.0)
 * @param dataPathPort 0 for 4789
 * @param defaultAddrPool empty for 10.0.0.0/8
 * @param subnetSize 0 for 24
 */
public record SwarmInit(String listenAddr, String advertiseAddr, String dataPathAddr,
    int dataPathPort, List<String> defaultAddrPool, int subnetSize, String specName,
    Map<String, String> specLabels) {

  public SwarmInit {
    listenAddr = listenAddr == null ? "" : listenAddr;
    advertiseAddr = advertiseAddr == null ? "" : advertiseAddr;
    dataPathAddr = dataPathAddr == null ? "" : dataPathAddr;
    defaultAddrPool = defaultAddrPool == null ? List.of() : List.copyOf(defaultAddrPool);
    specName = specName == null || specName.isEmpty() ? "default" : specName;
    specLabels = specLabels == null ? Map.of() : Map.copyOf(specLabels);
  }
}
