package io.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/{id}/json}. {@code Config} and {@code HostConfig} are passed through
 * as JSON so fields berth does not model still round-trip.
 */
public record ContainerInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("Created") String created,
    @JsonProperty("Path") String path,
    @JsonProperty("Args") List<String> args,
    @JsonProperty("State") ContainerStateWire state,
    @JsonProperty("Image") String image,
    @JsonProperty("ResolvConfPath") String resolvConfPath,
    @JsonProperty("HostnamePath") String hostnamePath,
    @JsonProperty("HostsPath") String hostsPath,
    @JsonProperty("LogPath") String logPath,
    @JsonProperty("Name") String name,
    @JsonProperty("RestartCount") int restartCount,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Platform") String platform,
    @JsonProperty("MountLabel") String mountLabel,
    @JsonProperty("ProcessLabel") String processLabel,
    @JsonProperty("AppArmorProfile") String appArmorProfile,
    @JsonProperty("ExecIDs") List<String> execIds,
    @JsonProperty("HostConfig") JsonNode hostConfig,
    @JsonProperty("GraphDriver") GraphDriver graphDriver,
    @JsonProperty("Mounts") List<Object> mounts,
    @JsonProperty("Config") JsonNode config,
    @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

  public record GraphDriver(@JsonProperty("Name") String name,
      @JsonProperty("Data") Map<String, String> data) {}

  /**
   * The network part. Ports maps {@code "80/tcp"} to its bindings (null for an exposed,
   * unpublished port); the top-level address fields are the default bridge's endpoint.
   */
  public record NetworkSettings(
      @JsonProperty("Bridge") String bridge,
      @JsonProperty("SandboxID") String sandboxId,
      @JsonProperty("SandboxKey") String sandboxKey,
      @JsonProperty("Ports") Map<String, Object> ports,
      @JsonProperty("Gateway") String gateway,
      @JsonProperty("IPAddress") String ipAddress,
      @JsonProperty("IPPrefixLen") int ipPrefixLen,
      @JsonProperty("MacAddress") String macAddress,
      @JsonProperty("Networks") Map<String, Object> networks,
      @JsonProperty("EndpointID") String endpointId) {}
}
