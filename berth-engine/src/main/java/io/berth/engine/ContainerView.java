package io.berth.engine;

import io.berth.network.ContainerNetworkView;
import java.util.List;

/**
 * A container as inspect and list show it: its record, the ids of its exec instances, and its
 * networking (null when the engine runs without networking).
 */
public record ContainerView(Container container, List<String> execIds,
    ContainerNetworkView network) {
  public ContainerView(Container container, List<String> execIds) {
    this(container, execIds, null);
  }
}
