package io.berth.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A container's networking as {@code <root>/network/containers/<id>.json} keeps it: what was
 * asked for at create (mode, networks with aliases and static addresses, published ports), and
 * while it runs, what was set up (namespace, endpoints, host ports), so that a restarted berthd
 * knows what to tear down and what to answer for.
 *
 * @param mode the HostConfig.NetworkMode as given ({@code bridge}, {@code host}, {@code none},
 *     {@code container:<id>}, or a network's name)
 * @param networks network id → the endpoint settings asked for, in connection order
 * @param portBindings HostConfig.PortBindings ({@code "80/tcp"} → HostIp/HostPort maps)
 * @param exposedPorts the container's exposed ports ({@code "80/tcp"}), for {@code -P}
 * @param netns the namespace's path while running; null otherwise
 * @param endpoints the live endpoints while running
 * @param ports the published ports while running, host ports resolved
 * @param dns {@code --dns} servers: the embedded DNS forwards to them instead of the host's
 * @param dnsPorts while running with an embedded DNS: its UDP and TCP ports on 127.0.0.11
 *     inside the namespace (port 53 is redirected to them there)
 */
public record ContainerNet(
    @JsonProperty("ContainerId") String containerId,
    @JsonProperty("Name") String name,
    @JsonProperty("Mode") String mode,
    @JsonProperty("Networks") Map<String, EndpointSettings> networks,
    @JsonProperty("PortBindings") Map<String, List<Map<String, String>>> portBindings,
    @JsonProperty("PublishAll") boolean publishAll,
    @JsonProperty("ExposedPorts") List<String> exposedPorts,
    @JsonProperty("MacAddress") String macAddress,
    @JsonProperty("Netns") String netns,
    @JsonProperty("Endpoints") List<Endpoint> endpoints,
    @JsonProperty("Ports") List<PortMapping> ports,
    @JsonProperty("Dns") List<String> dns,
    @JsonProperty("DnsPorts") List<Integer> dnsPorts) {

  public ContainerNet {
    networks = networks == null ? Map.of() : new java.util.LinkedHashMap<>(networks);
    portBindings = portBindings == null ? Map.of() : portBindings;
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    ports = ports == null ? List.of() : List.copyOf(ports);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsPorts = dnsPorts == null ? List.of() : List.copyOf(dnsPorts);
  }

  public ContainerNet(String containerId, String name, String mode,
      Map<String, EndpointSettings> networks, Map<String, List<Map<String, String>>> portBindings,
      boolean publishAll, List<String> exposedPorts, String macAddress, String netns,
      List<Endpoint> endpoints, List<PortMapping> ports) {
    this(containerId, name, mode, networks, portBindings, publishAll, exposedPorts, macAddress,
        netns, endpoints, ports, null, null);
  }

  public boolean running() {
    return netns != null || !endpoints.isEmpty();
  }

  ContainerNet withNetworks(Map<String, EndpointSettings> n) {
    return new ContainerNet(containerId, name, mode, n, portBindings, publishAll, exposedPorts,
        macAddress, netns, endpoints, ports, dns, dnsPorts);
  }

  ContainerNet withName(String n) {
    return new ContainerNet(containerId, n, mode, networks, portBindings, publishAll,
        exposedPorts, macAddress, netns, endpoints, ports, dns, dnsPorts);
  }

  ContainerNet running(String ns, List<Endpoint> eps, List<PortMapping> ps) {
    return new ContainerNet(containerId, name, mode, networks, portBindings, publishAll,
        exposedPorts, macAddress, ns, eps, ps, dns, dnsPorts);
  }

  ContainerNet withDnsPorts(List<Integer> p) {
    return new ContainerNet(containerId, name, mode, networks, portBindings, publishAll,
        exposedPorts, macAddress, netns, endpoints, ports, dns, p);
  }

  ContainerNet stopped() {
    return running(null, List.of(), List.of()).withDnsPorts(List.of());
  }

  /**
   * Per-network endpoint settings as asked for: DNS aliases, static addresses ({@code --ip},
   * {@code --ip6}), link-local addresses, links on a user network (container-scoped aliases,
   * {@code name:alias}) and driver options (kept and shown, as Docker's bridge driver does).
   */
  public record EndpointSettings(
      @JsonProperty("Aliases") List<String> aliases,
      @JsonProperty("IPv4Address") String ipv4Address,
      @JsonProperty("IPv6Address") String ipv6Address,
      @JsonProperty("LinkLocalIPs") List<String> linkLocalIps,
      @JsonProperty("Links") List<String> links,
      @JsonProperty("DriverOpts") Map<String, String> driverOpts) {
    public EndpointSettings {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      linkLocalIps = linkLocalIps == null ? List.of() : List.copyOf(linkLocalIps);
      links = links == null ? List.of() : List.copyOf(links);
      driverOpts = driverOpts == null ? Map.of() : Map.copyOf(driverOpts);
    }

    public EndpointSettings(List<String> aliases, String ipv4Address) {
      this(aliases, ipv4Address, null, null, null, null);
    }
  }

  /** A live endpoint: a veth pair into one network. */
  public record Endpoint(
      @JsonProperty("NetworkId") String networkId,
      @JsonProperty("EndpointId") String endpointId,
      @JsonProperty("Ip") String ip,
      @JsonProperty("Mac") String mac,
      @JsonProperty("HostVeth") String hostVeth,
      @JsonProperty("Interface") String ifName,
      @JsonProperty("Ipv6") String ipv6) {}

  /** A published port with its host port resolved. */
  public record PortMapping(
      @JsonProperty("Proto") String proto,
      @JsonProperty("ContainerPort") int containerPort,
      @JsonProperty("HostIp") String hostIp,
      @JsonProperty("HostPort") int hostPort) {}
}
