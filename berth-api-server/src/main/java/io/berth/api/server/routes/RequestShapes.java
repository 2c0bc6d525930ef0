package io.berth.api.server.routes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.BerthException;
import io.berth.oci.ImageConfig;
import java.util.List;
import java.util.Map;

/**
 * Go's types of the request bodies (or parts of them) that berth reads as JSON trees: bound
 * here only to check their JSON types as dockerd's decoder does, so that {@code "Labels":[]}
 * or {@code "Force":"x"} is a 400 naming the field ({@code json: cannot unmarshal array into Go
 * struct field NetworkCreateRequest.Labels of type map}) instead of being read as something
 * else or failing later. The fields are moby's {@code api/types} of API 1.44.
 */
final class RequestShapes {
  private RequestShapes() {}

  /** The fields of a container's config that berth keeps as maps of any JSON. */
  record Config(
      @JsonProperty("Healthcheck") ImageConfig.Healthcheck healthcheck,
      @JsonProperty("ExposedPorts") Map<String, Empty> exposedPorts,
      @JsonProperty("Volumes") Map<String, Empty> volumes) {}

  /** Go's {@code struct{}}: an object, whatever it holds. */
  record Empty() {}

  record NetworkingConfig(
      @JsonProperty("EndpointsConfig") Map<String, EndpointSettings> endpointsConfig) {}

  record EndpointSettings(
      @JsonProperty("IPAMConfig") EndpointIpam ipamConfig,
      @JsonProperty("Links") List<String> links,
      @JsonProperty("Aliases") List<String> aliases,
      @JsonProperty("MacAddress") String macAddress,
      @JsonProperty("DriverOpts") Map<String, String> driverOpts,
      @JsonProperty("NetworkID") String networkId,
      @JsonProperty("EndpointID") String endpointId,
      @JsonProperty("Gateway") String gateway,
      @JsonProperty("IPAddress") String ipAddress,
      @JsonProperty("IPPrefixLen") Integer ipPrefixLen,
      @JsonProperty("IPv6Gateway") String ipv6Gateway,
      @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
      @JsonProperty("GlobalIPv6PrefixLen") Integer globalIpv6PrefixLen,
      @JsonProperty("DNSNames") List<String> dnsNames) {}

  record EndpointIpam(
      @JsonProperty("IPv4Address") String ipv4Address,
      @JsonProperty("IPv6Address") String ipv6Address,
      @JsonProperty("LinkLocalIPs") List<String> linkLocalIps) {}

  record NetworkCreateRequest(
      @JsonProperty("Name") String name,
      @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
      @JsonProperty("Driver") String driver,
      @JsonProperty("Scope") String scope,
      @JsonProperty("Internal") Boolean internal,
      @JsonProperty("Attachable") Boolean attachable,
      @JsonProperty("Ingress") Boolean ingress,
      @JsonProperty("IPAM") Ipam ipam,
      @JsonProperty("EnableIPv6") Boolean enableIpv6,
      @JsonProperty("Options") Map<String, String> options,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("ConfigOnly") Boolean configOnly) {}

  record Ipam(
      @JsonProperty("Driver") String driver,
      @JsonProperty("Config") List<IpamConfig> config,
      @JsonProperty("Options") Map<String, String> options) {}

  record IpamConfig(
      @JsonProperty("Subnet") String subnet,
      @JsonProperty("IPRange") String ipRange,
      @JsonProperty("Gateway") String gateway,
      @JsonProperty("AuxiliaryAddresses") Map<String, String> auxiliaryAddresses) {}

  record NetworkConnect(
      @JsonProperty("Container") String container,
      @JsonProperty("EndpointConfig") EndpointSettings endpointConfig) {}

  record NetworkDisconnect(
      @JsonProperty("Container") String container,
      @JsonProperty("Force") Boolean force) {}

  record SwarmInitRequest(
      @JsonProperty("ListenAddr") String listenAddr,
      @JsonProperty("AdvertiseAddr") String advertiseAddr,
      @JsonProperty("DataPathAddr") String dataPathAddr,
      @JsonProperty("DataPathPort") Long dataPathPort,
      @JsonProperty("ForceNewCluster") Boolean forceNewCluster,
      @JsonProperty("Spec") SwarmSpec spec,
      @JsonProperty("AutoLockManagers") Boolean autoLockManagers,
      @JsonProperty("Availability") String availability,
      @JsonProperty("DefaultAddrPool") List<String> defaultAddrPool,
      @JsonProperty("SubnetSize") Long subnetSize) {}

  record SwarmSpec(
      @JsonProperty("Name") String name,
      @JsonProperty("Labels") Map<String, String> labels) {}

  /**
   * Checks {@code body} against {@code shape}: a body that is not an object is Go's {@code
   * cannot unmarshal array into Go value of type <root>}, a field of another type names it.
   */
  static void check(JsonNode body, Class<?> shape, String root) {
    if (body == null || body.isNull()) {
      return;
    }
    if (!body.isObject()) {
      throw BerthException.invalid("json: cannot unmarshal " + JsonBody.kind(body)
          + " into Go value of type " + root);
    }
    JsonBody.convert(body, shape, root);
  }
}
