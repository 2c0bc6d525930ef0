package io.berth.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One network as {@code <root>/network/networks/<id>.json} keeps it.
 *
 * @param driver {@code bridge}, {@code host} or {@code null} (the predefined {@code none})
 * @param bridge the Linux bridge's name; null for host and none
 * @param subnet {@code 172.18.0.0/16}; null for host and none
 * @param predefined {@code bridge}, {@code host} and {@code none}: cannot be removed
 */
public record NetworkRecord(
    @JsonProperty("Id") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Bridge") String bridge,
    @JsonProperty("Subnet") String subnet,
    @JsonProperty("Gateway") String gateway,
    @JsonProperty("Internal") boolean internal,
    @JsonProperty("Attachable") boolean attachable,
    @JsonProperty("EnableIPv6") boolean enableIpv6,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Created") String created,
    @JsonProperty("Predefined") boolean predefined) {

  public NetworkRecord {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public boolean isBridge() {
    return "bridge".equals(driver);
  }

  /** The default {@code bridge} network: no embedded DNS, settings shown at inspect's top. */
  public boolean isDefaultBridge() {
    return predefined && isBridge();
  }

  public int prefixLen() {
    return subnet == null ? 0 : Cidr.parse(subnet).prefix();
  }
}
