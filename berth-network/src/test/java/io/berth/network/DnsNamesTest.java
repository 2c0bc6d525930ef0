package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who resolves what: per asking container, over its user networks, with links and aliases. */
class DnsNamesTest {
  private static NetworkRecord net(String id, String name, String subnet, boolean predefined) {
    return new NetworkRecord(id, name, "bridge", "br-" + id, subnet,
        Cidr.format(Cidr.parse(subnet).nth(1)), false, false, false, null, null, "t",
        predefined, null);
  }

  private static ContainerNet container(String id, String name,
      Map<String, ContainerNet.EndpointSettings> nets, List<ContainerNet.Endpoint> eps) {
    return new ContainerNet(id, name, "x", nets, Map.of(), false, List.of(), null,
        eps.isEmpty() ? null : "/ns/" + id, eps, List.of());
  }

  private static ContainerNet.Endpoint ep(String net, String ip, String ip6) {
    return new ContainerNet.Endpoint(net, "e", ip, "02:42:00:00:00:00", "v", "eth0", ip6);
  }

  @Test
  void answersPerAskerOverItsNetworksWithLinksAliasesAndShortIds() {
    Map<String, NetworkRecord> nets = new LinkedHashMap<>();
    nets.put("b", net("b", "bridge", "10.1.0.0/24", true));
    nets.put("n1", net("n1", "front", "10.2.0.0/24", false));
    nets.put("n2", net("n2", "back", "10.3.0.0/24", false));
    ContainerNet web = container("aaaaaaaaaaaa0000", "web", Map.of(
        "n1", new ContainerNet.EndpointSettings(List.of("www"), null),
        "n2", new ContainerNet.EndpointSettings(List.of(), null)),
        List.of(ep("n1", "10.2.0.2", "fd00::2"), ep("n2", "10.3.0.2", null)));
    ContainerNet db = container("bbbbbbbbbbbb0000", "db", Map.of(
        "n2", new ContainerNet.EndpointSettings(List.of(), null, null, null, List.of("web:app"),
            null)), List.of(ep("n2", "10.3.0.3", null)));
    ContainerNet old = container("cccccccccccc0000", "old", Map.of("b",
        new ContainerNet.EndpointSettings(List.of(), null)), List.of(ep("b", "10.1.0.2", null)));
    ContainerNet stopped = container("dddddddddddd0000", "stopped", Map.of("n2",
        new ContainerNet.EndpointSettings(List.of(), null)), List.of());
    DnsNames.Snapshot s = new DnsNames.Snapshot(nets, List.of(web, db, old, stopped));

    DnsNames fromDb = new DnsNames(() -> s, db.containerId());
    assertThat(fromDb.lookup("web", false)).containsExactly("10.3.0.2");
    assertThat(fromDb.lookup("app", false)).containsExactly("10.3.0.2");
    assertThat(fromDb.lookup("web.back", false)).containsExactly("10.3.0.2");
    assertThat(fromDb.lookup("www", false)).isEmpty();
    assertThat(fromDb.lookup("old", false)).isEmpty();
    assertThat(fromDb.lookup("stopped", false)).isEmpty();
    assertThat(fromDb.reverse("10.3.0.2")).isEqualTo("web.back");
    assertThat(fromDb.reverse("10.2.0.2")).isNull(); // not a network db is on

    DnsNames fromWeb = new DnsNames(() -> s, web.containerId());
    assertThat(fromWeb.lookup("www", false)).containsExactly("10.2.0.2");
    assertThat(fromWeb.lookup("www", true)).containsExactly("fd00::2");
    assertThat(fromWeb.lookup("db", false)).containsExactly("10.3.0.3");
    assertThat(fromWeb.lookup("bbbbbbbbbbbb", false)).containsExactly("10.3.0.3");
    assertThat(fromWeb.lookup("app", false)).isEmpty();
    assertThat(fromWeb.isLocal("db")).isTrue();
    assertThat(fromWeb.lookup("db", true)).isEmpty();

    assertThat(new DnsNames(() -> s, old.containerId()).lookup("web", false)).isEmpty();
    String ptr6 = "2.0.0.0." + "0.0.0.0.".repeat(6) + "0.0.d.f.ip6.arpa";
    assertThat(DnsServer.reverseToIp(ptr6)).isEqualTo("fd00::2");
    assertThat(fromWeb.reverse(DnsServer.reverseToIp(ptr6))).isEqualTo("web.front");
    assertThat(DnsServer.reverseToIp("2.0.17.172.in-addr.arpa")).isEqualTo("172.17.0.2");
  }
}
