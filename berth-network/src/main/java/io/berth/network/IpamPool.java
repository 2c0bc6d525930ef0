package io.berth.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of a network's {@code IPAM.Config}, as Docker shows it: the subnet (IPv4 or IPv6),
 * an optional range that dynamic addresses come from, the gateway, and auxiliary addresses
 * that are never given to an endpoint. Absent fields are null (left out of the JSON).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IpamPool(
    @JsonProperty("Subnet") String subnet,
    @JsonProperty("IPRange") String ipRange,
    @JsonProperty("Gateway") String gateway,
    @JsonProperty("AuxiliaryAddresses") Map<String, String> auxAddresses) {

  public IpamPool {
    auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
  }

  /** True for an IPv6 subnet. */
  public boolean ipv6() {
    return subnet != null && subnet.contains(":");
  }
}
