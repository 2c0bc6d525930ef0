package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkUnitsTest {
  @Test
  void cidrParsesKeepsHostAndOverlaps() {
    Cidr c = Cidr.parse("172.17.0.1/16");
    assertThat(c.toString()).isEqualTo("172.17.0.0/16");
    assertThat(Cidr.format(c.host())).isEqualTo("172.17.0.1");
    assertThat(c.overlaps(Cidr.parse("172.17.5.0/24"))).isTrue();
    assertThat(c.overlaps(Cidr.parse("172.18.0.0/16"))).isFalse();
    assertThatThrownBy(() -> Cidr.parse("300.1.1.1/8"))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void ipamGivesFirstFreeAfterGatewayAndRefusesTakenStatic() {
    assertThat(Ipam.allocate("10.1.0.0/24", "10.1.0.1", Set.of(), null)).isEqualTo("10.1.0.2");
    assertThat(Ipam.allocate("10.1.0.0/24", "10.1.0.1", Set.of("10.1.0.2"), null))
        .isEqualTo("10.1.0.3");
    assertThat(Ipam.allocate("10.1.0.0/24", "10.1.0.1", Set.of(), "10.1.0.9"))
        .isEqualTo("10.1.0.9");
    assertThatThrownBy(() -> Ipam.allocate("10.1.0.0/24", "10.1.0.1", Set.of("10.1.0.9"),
        "10.1.0.9")).isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> Ipam.allocate("10.1.0.0/30", "10.1.0.1", Set.of("10.1.0.2"), null))
        .isInstanceOf(BerthException.Conflict.class);
    assertThat(Ipam.mac("172.17.0.2")).isEqualTo("02:42:ac:11:00:02");
  }

  /** The underlay's MTU comes from {@code ip -j addr show to <advertise>/32}. */
  @Test
  void underlayMtuIsReadFromTheAdvertisedAddressesInterface() {
    assertThat(VxlanDriver.mtuOf("[{\"ifindex\":3,\"ifname\":\"ul0\",\"flags\":[\"UP\"],"
        + "\"mtu\":1400,\"qdisc\":\"noqueue\",\"addr_info\":[{\"family\":\"inet\","
        + "\"local\":\"10.1.0.7\",\"prefixlen\":24}]}]")).isEqualTo(1400);
    assertThat(VxlanDriver.mtuOf("[]")).isZero();
  }

  @Test
  void poolsSkipRoutesAndOtherNetworks() {
    AddressPools p = new AddressPools(List.of());
    assertThat(p.next(List.of())).isEqualTo("172.17.0.0/16");
    assertThat(p.next(List.of("172.17.0.0/16", "172.18.5.0/24"))).isEqualTo("172.19.0.0/16");
    AddressPools small = new AddressPools(List.of(new AddressPools.Pool("10.250.0.0/22", 24)));
    assertThat(small.next(List.of("10.250.0.0/24", "10.250.1.7/32"))).isEqualTo("10.250.2.0/24");
    assertThatThrownBy(() -> small.next(List.of("10.0.0.0/8")))
        .isInstanceOf(BerthException.Unavailable.class);
  }

  @Test
  void portKeys() {
    assertThat(PortKey.parse("80/tcp")).isEqualTo(new PortKey(80, "tcp"));
    assertThat(PortKey.parse("53/UDP").toString()).isEqualTo("53/udp");
    assertThat(PortKey.parse("8080").proto()).isEqualTo("tcp");
    assertThatThrownBy(() -> PortKey.parse("80/foo"))
        .isInstanceOf(BerthException.InvalidArgument.class);
  }

  @Test
  void reverseNames() {
    assertThat(DnsServer.reverseToIp("2.0.17.172.in-addr.arpa")).isEqualTo("172.17.0.2");
    assertThat(DnsServer.reverseToIp("example.com")).isEmpty();
  }

  @Test
  void upstreamsAreTheHostsRealServersIpv6IncludedNeverLoopback(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path conf = dir.resolve("resolv.conf");
    java.nio.file.Files.writeString(conf, "nameserver 127.0.0.53\nnameserver 10.0.0.2\n"
        + "nameserver fd00::53\nnameserver ::1\nnameserver not-an-address\n");
    assertThat(Upstreams.read(conf, dir.resolve("absent")).stream()
        .map(a -> a.getAddress().getHostAddress()).toList())
        .containsExactly("10.0.0.2", "fd00:0:0:0:0:0:0:53");
  }

  @Test
  void anExecRootThatCannotGoIntoAShellScriptIsRefused() {
    assertThatThrownBy(() -> new Netns(java.nio.file.Path.of("/run/it's")))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(new Netns(java.nio.file.Path.of("/run/berth")).path("x").toString())
        .isEqualTo("/run/berth/netns/x");
  }
}
