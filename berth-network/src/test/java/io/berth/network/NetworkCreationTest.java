package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkCreationTest {
  private static final AddressPools POOLS =
      new AddressPools(List.of(new AddressPools.Pool("10.9.0.0/16", 24)));

  private static CreateNetwork req(String name, List<IpamPool> pools, Boolean check,
      boolean api144, Map<String, String> opts) {
    return new CreateNetwork(name, "", null, pools, false, false, false, true, "", check,
        api144, Map.of(), opts);
  }

  private static NetworkRecord existing(String name, String subnet) {
    return new NetworkRecord("id-" + name + "-0123456789", name, "bridge", "br-" + name, subnet,
        Cidr.format(Cidr.parse(subnet).nth(1)), false, false, false, null, null, "t", false,
        null);
  }

  @Test
  void keepsSeveralPoolsWithRangesAuxAddressesAndIpv6Gateways() {
    NetworkRecord n = NetworkCreation.plan(req("n", List.of(
        new IpamPool("2001:db8::/64", null, null, null),
        new IpamPool("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", Map.of("a", "172.28.1.5"))),
        null, true, Map.of()), List.of(), POOLS, List.of()).network();
    assertThat(n.subnet()).isEqualTo("172.28.0.0/16");
    assertThat(n.gateway()).isEqualTo("172.28.5.254");
    assertThat(n.pools()).containsExactly(
        new IpamPool("2001:db8::/64", null, "2001:db8::1", null),
        new IpamPool("172.28.0.0/16", "172.28.5.0/24", "172.28.5.254", Map.of("a", "172.28.1.5")));
    assertThat(Ipam.allocate(n.ipv4Pool(), Set.of(), null)).isEqualTo("172.28.5.0");
    assertThat(Ipam.allocate(new IpamPool("10.0.0.0/16", "10.0.5.0/24", null,
        Map.of("x", "10.0.5.0")), Set.of("10.0.5.1"), null)).isEqualTo("10.0.5.2");
    assertThat(Ipam.allocate6(n.ipv6Pool(), Set.of("2001:db8::2"), null))
        .isEqualTo("2001:db8::3");
  }

  @Test
  void anIpv6OnlyRequestGetsAnIpv4PoolFirst() {
    NetworkRecord n = NetworkCreation.plan(req("n", List.of(
        new IpamPool("fd00:1::/64", null, null, null)), null, true, Map.of()),
        List.of(existing("a", "10.9.0.0/24")), POOLS, List.of("10.9.1.0/24")).network();
    assertThat(n.pools().stream().map(IpamPool::subnet))
        .containsExactly("10.9.2.0/24", "fd00:1::/64");
  }

  @Test
  void duplicatesFollowCheckDuplicateAndTheApiVersion() {
    List<NetworkRecord> nets = List.of(existing("dup", "10.9.0.0/24"));
    assertThatThrownBy(() -> NetworkCreation.plan(req("dup", List.of(), null, true, Map.of()),
        nets, POOLS, List.of())).isInstanceOf(BerthException.Conflict.class)
        .hasMessage("network with name dup already exists");
    assertThatThrownBy(() -> NetworkCreation.plan(req("dup", List.of(), true, false, Map.of()),
        nets, POOLS, List.of())).isInstanceOf(BerthException.Conflict.class);
    assertThat(NetworkCreation.plan(req("dup", List.of(), false, true, Map.of()), nets, POOLS,
        List.of()).warning()).isEqualTo("Network with name dup (id : id-dup-0123456789)"
        + " already exists");
    assertThat(NetworkCreation.plan(req("dup", List.of(), null, false, Map.of()), nets, POOLS,
        List.of()).warning()).startsWith("Network with name dup");
  }

  @Test
  void refusesOverlapsBadBridgeNamesAndSwarmSettings() {
    List<NetworkRecord> nets = List.of(existing("a", "10.9.0.0/24"));
    assertThatThrownBy(() -> NetworkCreation.plan(req("b", List.of(new IpamPool("10.9.0.0/16",
        null, null, null)), null, true, Map.of()), nets, POOLS, List.of()))
        .isInstanceOf(BerthException.PermissionDenied.class).hasMessageContaining("overlaps");
    for (String bad : List.of("x; reboot", "a\nlink del eth0", "sixteen-letters!", "-x")) {
      assertThatThrownBy(() -> NetworkCreation.plan(req("b", List.of(), null, true,
          Map.of(NetworkCreation.BRIDGE_NAME, bad)), nets, POOLS, List.of()))
          .isInstanceOf(BerthException.InvalidArgument.class);
    }
    assertThatThrownBy(() -> NetworkCreation.plan(req("b", List.of(), null, true,
        Map.of(NetworkCreation.BRIDGE_NAME, "br-a")), nets, POOLS, List.of()))
        .isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> NetworkCreation.plan(new CreateNetwork("b", "host", null,
        List.of(), false, false, false, false, "", null, true, Map.of(), Map.of()), nets, POOLS,
        List.of())).isInstanceOf(BerthException.PermissionDenied.class);
    assertThatThrownBy(() -> NetworkCreation.plan(new CreateNetwork("b", "", null, List.of(),
        false, false, true, false, "", null, true, Map.of(), Map.of()), nets, POOLS, List.of()))
        .hasMessage("Ingress network can only be global scope network");
  }

  @Test
  void cidr6AndLinksParse() {
    assertThat(Cidr6.parse("2001:389::1/64").toString()).isEqualTo("2001:389::/64");
    assertThat(Cidr6.format(Cidr6.parseAddress("fd00:0:0:1:0:0:0:5"))).isEqualTo("fd00:0:0:1::5");
    assertThatThrownBy(() -> Cidr6.parseAddress("example.com"))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(Links.parse("/upstream:/me/db")).isEqualTo(new Links("upstream", "db"));
    assertThat(Links.parse("web")).isEqualTo(new Links("web", "web"));
    assertThat(Links.parse("web:w").toString()).isEqualTo("web:w");
  }
}
