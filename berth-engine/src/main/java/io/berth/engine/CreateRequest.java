package io.berth.engine;

import io.berth.network.ContainerNetworking.EndpointRequest;
import java.util.Map;

/**
 * {@code POST /containers/create}: the optional name, the client's {@code Config} (with
 * {@code Image}), {@code HostConfig}, and {@code NetworkingConfig.EndpointsConfig} by network.
 */
public record CreateRequest(String name, ContainerConfig config, HostConfig hostConfig,
    Map<String, EndpointRequest> endpoints) {
  public CreateRequest {
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  public CreateRequest(String name, ContainerConfig config, HostConfig hostConfig) {
    this(name, config, hostConfig, null);
  }
}
