package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultBridgeTest {
  private static NetworkOptions options(String bridge, String bip) {
    return new NetworkOptions(Path.of("/r"), Path.of("/e"), "berth", bridge, bip, List.of(),
        1500, true, Path.of("/etc/resolv.conf"), 53);
  }

  @Test
  void bipGivesGatewayAndSubnetAndAFreePoolOtherwise() {
    AddressPools pools = new AddressPools(List.of());
    NetworkRecord bip = DefaultBridge.desired(options("berth0", "10.9.8.1/24"), null, List.of(),
        pools, List.of("172.17.0.1/16"));
    assertThat(bip.subnet()).isEqualTo("10.9.8.0/24");
    assertThat(bip.gateway()).isEqualTo("10.9.8.1");
    assertThat(bip.options()).containsEntry("com.docker.network.bridge.name", "berth0");
    NetworkRecord free = DefaultBridge.desired(options("berth0", null), null,
        List.of("172.17.0.0/16"), pools, List.of());
    assertThat(free.subnet()).isEqualTo("172.18.0.0/16");
    assertThat(free.gateway()).isEqualTo("172.18.0.1");
    // a bridge that is there already keeps its address: nothing is stacked on it
    NetworkRecord existing = DefaultBridge.desired(options("berth0", null), null,
        List.of("172.17.0.0/16", "172.18.0.0/16"), pools,
        List.of("172.17.0.1/16", "172.18.0.1/16"));
    assertThat(existing.subnet()).isEqualTo("172.17.0.0/16");
    assertThat(existing.gateway()).isEqualTo("172.17.0.1");
  }

  @Test
  void ipv6AddsTheFixedCidrV6PoolAndNeedsIt() {
    AddressPools pools = new AddressPools(List.of());
    NetworkOptions v4 = options("berth0", "10.9.8.1/24");
    NetworkOptions v6 = new NetworkOptions(v4.root(), v4.execRoot(), v4.table(), v4.bridge(),
        v4.bip(), v4.pools(), v4.mtu(), v4.ipForward(), v4.hostResolvConf(), v4.dnsPort(), true,
        "fd00:9:8::/64");
    NetworkRecord old = DefaultBridge.desired(v4, null, List.of(), pools, List.of());
    NetworkRecord n = DefaultBridge.desired(v6, old, List.of(), pools, List.of());
    assertThat(n.enableIpv6()).isTrue();
    assertThat(n.id()).isEqualTo(old.id());
    assertThat(n.ipv6Pool()).isEqualTo(new IpamPool("fd00:9:8::/64", null, "fd00:9:8::1", null));
    assertThat(DefaultBridge.desired(v6, n, List.of(), pools, List.of())).isSameAs(n);
    NetworkOptions noCidr = new NetworkOptions(v4.root(), v4.execRoot(), v4.table(),
        v4.bridge(), v4.bip(), v4.pools(), v4.mtu(), v4.ipForward(), v4.hostResolvConf(),
        v4.dnsPort(), true, null);
    assertThatThrownBy(() -> DefaultBridge.desired(noCidr, null, List.of(), pools, List.of()))
        .hasMessageContaining("--fixed-cidr-v6");
  }

  @Test
  void keepsItsSubnetAcrossRestartsAndNoneMeansNoNetwork() {
    AddressPools pools = new AddressPools(List.of());
    NetworkRecord first = DefaultBridge.desired(options("berth0", null), null, List.of(), pools,
        List.of());
    assertThat(DefaultBridge.desired(options("berth0", null), first, List.of("172.17.0.0/16"),
        pools, List.of("172.17.0.1/16"))).isSameAs(first);
    assertThat(DefaultBridge.desired(options("none", null), first, List.of(), pools, List.of()))
        .isNull();
  }

  @Test
  void firewallStatePublishesPortsOfRunningContainersOnly() {
    NetworkRecord n = DefaultBridge.desired(options("berth0", "10.9.8.1/24"), null, List.of(),
        new AddressPools(List.of()), List.of());
    ContainerNet running = new ContainerNet("b", "web", "bridge", Map.of(), Map.of(), false,
        List.of(), null, "/e/netns/b", List.of(new ContainerNet.Endpoint(n.id(), "e", "10.9.8.2",
            "02:42:0a:09:08:02", "veth1", "eth0", null)),
        List.of(new ContainerNet.PortMapping("tcp", 80, "0.0.0.0", 8080)));
    ContainerNet stopped = new ContainerNet("a", "old", "bridge", Map.of(), Map.of(), false,
        List.of(), null, null, List.of(), List.of());
    FirewallState s = FirewallState.of("t", List.of(n), List.of(stopped, running));
    assertThat(s.bridges()).containsExactly(new FirewallState.Bridge("berth0", "10.9.8.0/24",
        false));
    assertThat(s.ports()).containsExactly(new FirewallState.Published("tcp", "0.0.0.0", 8080,
        "10.9.8.2", 80));
  }

  @Test
  void rootlessRulesMatchAPortOnAnyLocalAddressAsSlirp4netnsDeliversToItsTap() {
    NetworkRecord n = DefaultBridge.desired(options("berth0", "10.9.8.1/24"), null, List.of(),
        new AddressPools(List.of()), List.of());
    ContainerNet running = new ContainerNet("b", "web", "bridge", Map.of(), Map.of(), false,
        List.of(), null, "/e/netns/b", List.of(new ContainerNet.Endpoint(n.id(), "e", "10.9.8.2",
            "02:42:0a:09:08:02", "veth1", "eth0", null)),
        List.of(new ContainerNet.PortMapping("tcp", 80, "127.0.0.1", 8080)));
    assertThat(NftRuleset.render(FirewallState.of("t", List.of(n), List.of(running))))
        .contains("ip daddr 127.0.0.1 tcp dport 8080 dnat to 10.9.8.2:80");
    String rootless = NftRuleset.render(FirewallState.of("t", List.of(n), List.of(running),
        false));
    assertThat(rootless).contains("tcp dport 8080 dnat to 10.9.8.2:80")
        .doesNotContain("ip daddr 127.0.0.1");
  }
}
